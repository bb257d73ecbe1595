namespace Market.Web.Tests.Support.EndToEnd;

/// <summary>
/// This project's own database on the PostgreSQL that <c>./market test</c> starts, so it can run beside the API's
/// tests. Creating and resetting it is the API tests' <c>TestDatabase</c>, compiled into this project too.
/// </summary>
public static class EndToEndDatabase
{
    // A suffix lets two runs on one machine keep apart, as for the API's tests.
    public static readonly string Name = "furusato_test_web" + Environment.GetEnvironmentVariable("MARKET_TEST_DB_SUFFIX");
}
