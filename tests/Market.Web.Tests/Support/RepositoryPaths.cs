namespace Market.Web.Tests.Support;

public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string WebProject => Path.Combine(Root, "src", "Market.Web");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Marketplace.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Marketplace.sln not found above {AppContext.BaseDirectory}.");
    }
}
