using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Money;
using Market.Domain.Tests.Support;
using static Market.Domain.Tests.Money.MoneyTestData;

namespace Market.Domain.Tests.Money;

public class InvoiceTests
{
    private static readonly InvoiceIssuer Issuer = new(LeadAgentId, "NPO法人しまんとテレワーク", RegistrationNumber.ForCorporation("T7000012050002"), "SMT");
    private static readonly InvoiceRecipient Recipient = new(ClientId, "高知県 総務部");
    private static readonly DateOnly IssueDate = new(2026, 11, 30);

    private static Invoice Issue(params InvoiceLine[] lines) =>
        Invoice.Issue(Issuer, Recipient, 42, IssueDate, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), lines, Now);

    [Fact]
    public void Issue_ThreeLinesOf333_RoundsTheTaxOnceOnTheSubtotal()
    {
        var invoice = Issue(
            new InvoiceLine("議事録 第1回", 1, new Yen(333)),
            new InvoiceLine("議事録 第2回", 1, new Yen(333)),
            new InvoiceLine("議事録 第3回", 1, new Yen(333)));

        // 10 % of ¥999 = 99.9 → ¥99. (Per line, 3 × ⌊33.3⌋ happens to be ¥99 as well; the next test tells the two apart.)
        Assert.Equal(new Yen(999), invoice.Subtotal);
        Assert.Equal(new Yen(99), invoice.Tax);
        Assert.Equal(new Yen(1_098), invoice.Total);
    }

    [Fact]
    public void Issue_ThreeLinesOf335_TaxesTheSubtotalNotEachLine()
    {
        var invoice = Issue(
            new InvoiceLine("議事録 第1回", 1, new Yen(335)),
            new InvoiceLine("議事録 第2回", 1, new Yen(335)),
            new InvoiceLine("議事録 第3回", 1, new Yen(335)));

        // Once on ¥1,005: 100.5 → ¥100. Per line it would be 3 × ⌊33.5⌋ = ¥99.
        Assert.Equal(new Yen(100), invoice.Tax);
        Assert.Equal(new Yen(1_105), invoice.Total);
    }

    [Fact]
    public void Issue_LinesWhoseTaxesWouldRoundDifferentlyPerLine_RoundsOncePerRate()
    {
        var invoice = Issue(
            new InvoiceLine("テープ起こし", 3, new Yen(335)),
            new InvoiceLine("データ入力", 1, new Yen(335)));

        // Per line: ⌊100.5⌋ + ⌊33.5⌋ = 100 + 33 = ¥133. Once on ¥1,340: ¥134.
        Assert.Equal(new Yen(1_340), invoice.Subtotal);
        Assert.Equal(new Yen(134), invoice.Tax);
        Assert.Equal(new Yen(1_474), invoice.Total);
    }

    [Fact]
    public void Issue_TwoRates_KeepsSubtotalAndTaxPerRate()
    {
        var invoice = Issue(
            new InvoiceLine("HP更新", 2, new Yen(1_005)),
            new InvoiceLine("会議用弁当", 3, new Yen(333), ConsumptionTaxRate.Reduced8));

        // 10 %: ¥2,010 → ¥201. 8 %: ¥999 → 79.92 → ¥79. Total 2,010 + 999 + 201 + 79 = ¥3,289.
        Assert.Equal(
            [new InvoiceRateTotal(ConsumptionTaxRate.Standard10, new Yen(2_010), new Yen(201)), new InvoiceRateTotal(ConsumptionTaxRate.Reduced8, new Yen(999), new Yen(79))],
            invoice.RateTotals);
        Assert.Equal(new Yen(3_289), invoice.Total);
    }

    [Fact]
    public void PostingTransaction_Always_DebitsTheClientAndCreditsRevenueAndTax()
    {
        var invoice = Issue(new InvoiceLine("議事録", 3, new Yen(333)));

        var posting = invoice.PostingTransaction();

        Assert.Equal(LedgerTransactionKind.Invoice, posting.Kind);
        Assert.Equal($"invoice:{LeadAgentId}:INV-SMT-2026-000042", posting.IdempotencyKey);
        Assert.Equal(
            [
                LedgerEntry.Debit(LedgerAccount.ClientReceivable(LeadAgentId, ClientId), new Yen(1_098)),
                LedgerEntry.Credit(LedgerAccount.AgentRevenue(LeadAgentId), new Yen(999)),
                LedgerEntry.Credit(LedgerAccount.ConsumptionTaxPayable(LeadAgentId), new Yen(99)),
            ],
            posting.Entries);
    }

    [Fact]
    public void PostingTransaction_WhenTaxRoundsToZero_LeavesOutTheTaxEntry()
    {
        var posting = Issue(new InvoiceLine("確認作業", 1, new Yen(9))).PostingTransaction();

        Assert.Equal(2, posting.Entries.Count);
        Assert.Equal(new Yen(9), posting.TotalDebits);
    }

    [Fact]
    public void ToDocument_Always_CarriesEveryQualifiedInvoiceField()
    {
        var document = Issue(
            new InvoiceLine("HP更新", 2, new Yen(1_005)),
            new InvoiceLine("会議用弁当", 3, new Yen(333), ConsumptionTaxRate.Reduced8)).ToDocument();

        Assert.Equal("適格請求書", document.Title);
        Assert.Equal("INV-SMT-2026-000042", document.InvoiceNumber);
        Assert.Equal("NPO法人しまんとテレワーク", document.IssuerName);
        Assert.Equal("T7000012050002", document.RegistrationNumber);
        Assert.Equal("高知県 総務部", document.RecipientName);
        Assert.Equal(IssueDate, document.IssueDate);
        Assert.Equal((new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)), (document.SupplyFrom, document.SupplyTo));
        Assert.Equal(["10%", "8%※"], document.Lines.Select(l => l.RateLabel));
        Assert.Equal([new Yen(2_010), new Yen(999)], document.Lines.Select(l => l.Amount));
        Assert.Equal([new InvoiceDocumentRateLine(10, new Yen(2_010), new Yen(201)), new InvoiceDocumentRateLine(8, new Yen(999), new Yen(79))], document.RateLines);
        Assert.Equal((new Yen(3_009), new Yen(280), new Yen(3_289)), (document.Subtotal, document.Tax, document.Total));
        Assert.Equal("※は軽減税率対象", document.ReducedRateNote);
    }

    [Fact]
    public void ToDocument_WithoutReducedRateLines_HasNoMarkerNote()
    {
        Assert.Null(Issue(new InvoiceLine("HP更新", 1, new Yen(800))).ToDocument().ReducedRateNote);
    }

    [Fact]
    public void Issue_WithoutLines_IsRefused()
    {
        Assert.Equal("invoice_no_lines", Code(() => Issue()));
    }

    [Theory]
    [InlineData(0, 100, "invoice_line_quantity_invalid")]
    [InlineData(1, 0, "invoice_line_amount_not_positive")]
    [InlineData(1, -5, "invoice_line_amount_not_positive")]
    public void InvoiceLine_WhenQuantityOrPriceIsNotPositive_IsRefused(int quantity, long price, string expected)
    {
        Assert.Equal(expected, Code(() => new InvoiceLine("作業", quantity, new Yen(price))));
    }

    [Fact]
    public void Issuer_WithoutARegistrationNumber_IsRefused()
    {
        Assert.Equal("registration_number_invalid", Code(() => new InvoiceIssuer(LeadAgentId, "NPO", default, "SMT")));
    }

    [Theory]
    [InlineData("INV-SMT-2026-000042", "SMT", 2026, 42)]
    [InlineData("INV-K2-2027-999999", "K2", 2027, 999_999)]
    public void InvoiceNumber_Parse_ReadsItsParts(string text, string prefix, int year, int sequence)
    {
        var number = InvoiceNumber.Parse(text);

        Assert.Equal((prefix, year, sequence), (number.Prefix, number.Year, number.Sequence));
        Assert.Equal(text, number.ToString());
    }

    [Theory]
    [InlineData("INV-SMT-2026-42")]
    [InlineData("INV-smt-2026-000042")]
    [InlineData("INV-SMT-2026-000000")]
    [InlineData("SMT-2026-000042")]
    [InlineData("INV-S-2026-000042")]
    public void InvoiceNumber_Parse_WhenMalformed_IsRefused(string text)
    {
        Assert.Equal("invoice_number_invalid", Code(() => InvoiceNumber.Parse(text)));
    }

    [Fact]
    public void InvoiceNumber_For_UsesTheIssueYearAndPadsTheSequence()
    {
        Assert.Equal("INV-SMT-2027-000001", InvoiceNumber.For("SMT", new DateOnly(2027, 1, 4), 1).ToString());
        Assert.Equal("invoice_number_invalid", Code(() => InvoiceNumber.For("SMT", new DateOnly(2027, 1, 4), 0)));
        Assert.Equal("invoice_prefix_invalid", Code(() => InvoiceNumber.For("smt", new DateOnly(2027, 1, 4), 1)));
    }

    [Fact]
    public void InvoiceLine_ForAcceptedJob_BillsTheAgreedPrice()
    {
        var job = TestJobs.InState(JobStatus.Accepted);

        var line = InvoiceLine.ForAcceptedJob(job);

        Assert.Equal((job.Title, 1, new Yen(120_000), ConsumptionTaxRate.Standard10), (line.Description, line.Quantity, line.UnitPrice, line.Rate));
        Assert.Equal("invoice_job_not_accepted", Code(() => InvoiceLine.ForAcceptedJob(TestJobs.InState(JobStatus.Delivered))));
    }
}
