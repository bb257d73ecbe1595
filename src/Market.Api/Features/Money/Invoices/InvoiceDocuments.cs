using System.Globalization;
using System.Net;
using System.Text;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Common;
using Market.Domain.Money;
using Market.Domain.Splitting.Csv;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Money.Invoices;

public sealed record InvoiceLineView(string Description, int Quantity, long UnitPrice, long Amount, string TaxRate, bool ReducedRate);

public sealed record InvoiceRateView(int TaxRatePercent, long Subtotal, long Tax);

/// <summary>Everything a qualified invoice states (適格請求書の記載事項), as JSON.</summary>
public sealed record InvoiceView(
    Guid Id,
    string Number,
    InvoiceKind Kind,
    string? Period,
    Guid AgentId,
    Guid ClientId,
    string IssuerName,
    string RegistrationNumber,
    string RecipientName,
    DateOnly IssueDate,
    DateOnly SupplyFrom,
    DateOnly SupplyTo,
    IReadOnlyList<InvoiceLineView> Lines,
    IReadOnlyList<InvoiceRateView> RateTotals,
    long Subtotal,
    long Tax,
    long Total,
    string? ReducedRateNote)
{
    public static InvoiceView Of(InvoiceRow row)
    {
        var document = InvoiceRows.ToDomain(row).ToDocument();
        return new InvoiceView(
            row.Id, row.Number, row.Kind, row.Period, row.AgentId, row.ClientId,
            document.IssuerName, document.RegistrationNumber, document.RecipientName,
            document.IssueDate, document.SupplyFrom, document.SupplyTo,
            document.Lines.Select(l => new InvoiceLineView(l.Description, l.Quantity, l.UnitPrice.Amount, l.Amount.Amount, l.RateLabel, l.IsReducedRate)).ToList(),
            document.RateLines.Select(r => new InvoiceRateView(r.TaxRatePercent, r.Subtotal.Amount, r.Tax.Amount)).ToList(),
            document.Subtotal.Amount, document.Tax.Amount, document.Total.Amount, document.ReducedRateNote);
    }
}

public sealed record InvoiceSummary(Guid Id, string Number, InvoiceKind Kind, string? Period, Guid ClientId, string RecipientName, DateOnly IssueDate, long Total);

public sealed record InvoicePage(IReadOnlyList<InvoiceSummary> Items, int Page, int PageSize, int Total);

public enum InvoiceFormat
{
    Json,
    Html,
    Csv,
}

/// <summary>Invoices the caller's tenant issued (an agent) or received (a client).</summary>
public sealed record ListInvoices(Guid? AgentId, Guid? ClientId, int Page = 1, int PageSize = 20) : IRequest<InvoicePage>;

public sealed record GetInvoice(Guid? AgentId, Guid? ClientId, Guid InvoiceId) : IRequest<InvoiceView>;

public sealed record RenderInvoice(Guid? AgentId, Guid? ClientId, Guid InvoiceId, InvoiceFormat Format) : IRequest<RenderedInvoice>;

public sealed record RenderedInvoice(string FileName, string ContentType, byte[] Content);

public sealed class InvoiceQueries(MarketDbContext db) :
    IRequestHandler<ListInvoices, InvoicePage>,
    IRequestHandler<GetInvoice, InvoiceView>,
    IRequestHandler<RenderInvoice, RenderedInvoice>
{
    public async Task<InvoicePage> Handle(ListInvoices request, CancellationToken cancellationToken)
    {
        var page = Math.Max(1, request.Page);
        var size = Math.Clamp(request.PageSize, 1, 100);
        var query = Scoped(request.AgentId, request.ClientId);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(i => i.Sequence).Skip((page - 1) * size).Take(size)
            .Select(i => new InvoiceSummary(i.Id, i.Number, i.Kind, i.Period, i.ClientId, i.RecipientName, i.IssueDate, i.Total))
            .ToListAsync(cancellationToken);
        return new InvoicePage(items, page, size, total);
    }

    public async Task<InvoiceView> Handle(GetInvoice request, CancellationToken cancellationToken) =>
        InvoiceView.Of(await FindAsync(request.AgentId, request.ClientId, request.InvoiceId, cancellationToken));

    public async Task<RenderedInvoice> Handle(RenderInvoice request, CancellationToken cancellationToken)
    {
        var row = await FindAsync(request.AgentId, request.ClientId, request.InvoiceId, cancellationToken);
        var document = InvoiceRows.ToDomain(row).ToDocument();
        return request.Format == InvoiceFormat.Csv
            ? new RenderedInvoice($"{row.Number}.csv", "text/csv; charset=utf-8", InvoiceRendering.Csv(document))
            : new RenderedInvoice($"{row.Number}.html", "text/html; charset=utf-8", Encoding.UTF8.GetBytes(InvoiceRendering.Html(document)));
    }

    private IQueryable<InvoiceRow> Scoped(Guid? agentId, Guid? clientId) =>
        db.Invoices.AsNoTracking().Where(i => (agentId == null || i.AgentId == agentId) && (clientId == null || i.ClientId == clientId));

    private async Task<InvoiceRow> FindAsync(Guid? agentId, Guid? clientId, Guid invoiceId, CancellationToken cancellationToken) =>
        await Scoped(agentId, clientId).SingleOrDefaultAsync(i => i.Id == invoiceId, cancellationToken)
        ?? throw new NotFoundException("invoice_not_found", "No such invoice.");
}

/// <summary>The printable HTML and the CSV of an invoice document. Every text from users is escaped.</summary>
public static class InvoiceRendering
{
    private static string Yen(Yen amount) => amount.ToString();

    private static string Date(DateOnly date) => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    public static string Html(InvoiceDocument d)
    {
        ArgumentNullException.ThrowIfNull(d);
        static string E(string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>").Append(E(d.Title)).Append(' ').Append(E(d.InvoiceNumber)).Append("</title>\n")
            .Append("<style>body{font-family:sans-serif;max-width:48rem;margin:2rem auto}table{border-collapse:collapse;width:100%}")
            .Append("th,td{border:1px solid #999;padding:.3rem .5rem}td.n{text-align:right}@media print{body{margin:0}}</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(E(d.Title)).Append("</h1>\n")
            .Append("<p class=\"recipient\">").Append(E(d.RecipientName)).Append(" 御中</p>\n")
            .Append("<dl>\n")
            .Append("<dt>請求書番号</dt><dd>").Append(E(d.InvoiceNumber)).Append("</dd>\n")
            .Append("<dt>発行日</dt><dd>").Append(Date(d.IssueDate)).Append("</dd>\n")
            .Append("<dt>取引年月日</dt><dd>").Append(Date(d.SupplyFrom))
            .Append(d.SupplyTo == d.SupplyFrom ? string.Empty : "〜" + Date(d.SupplyTo)).Append("</dd>\n")
            .Append("<dt>発行者</dt><dd>").Append(E(d.IssuerName)).Append("</dd>\n")
            .Append("<dt>登録番号</dt><dd>").Append(E(d.RegistrationNumber)).Append("</dd>\n")
            .Append("</dl>\n<table>\n<thead><tr><th>品目</th><th>数量</th><th>単価</th><th>金額(税抜)</th><th>税率</th></tr></thead>\n<tbody>\n");
        foreach (var line in d.Lines)
        {
            html.Append("<tr><td>").Append(E(line.Description)).Append("</td><td class=\"n\">").Append(line.Quantity.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td class=\"n\">").Append(Yen(line.UnitPrice)).Append("</td><td class=\"n\">").Append(Yen(line.Amount))
                .Append("</td><td class=\"n\">").Append(E(line.RateLabel)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n<table class=\"totals\">\n");
        foreach (var rate in d.RateLines)
        {
            html.Append("<tr><th>").Append(rate.TaxRatePercent.ToString(CultureInfo.InvariantCulture)).Append("%対象(税抜)</th><td class=\"n\">").Append(Yen(rate.Subtotal))
                .Append("</td><th>消費税(").Append(rate.TaxRatePercent.ToString(CultureInfo.InvariantCulture)).Append("%)</th><td class=\"n\">").Append(Yen(rate.Tax)).Append("</td></tr>\n");
        }

        html.Append("<tr><th>合計(税込)</th><td class=\"n\" colspan=\"3\">").Append(Yen(d.Total)).Append("</td></tr>\n</table>\n");
        if (d.ReducedRateNote is not null)
        {
            html.Append("<p>").Append(E(d.ReducedRateNote)).Append("</p>\n");
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    /// <summary>One row per line, then one per rate and the total; UTF-8 with BOM so Japanese Excel reads it.</summary>
    public static byte[] Csv(InvoiceDocument d)
    {
        ArgumentNullException.ThrowIfNull(d);
        string[] header = ["請求書番号", "発行日", "取引年月日(自)", "取引年月日(至)", "発行者", "登録番号", "宛先", "区分", "品目", "数量", "単価", "金額", "税率", "消費税"];
        var common = new[] { d.InvoiceNumber, Iso(d.IssueDate), Iso(d.SupplyFrom), Iso(d.SupplyTo), Safe(d.IssuerName), d.RegistrationNumber, Safe(d.RecipientName) };
        var rows = new List<IReadOnlyList<string>>();
        rows.AddRange(d.Lines.Select(l => (IReadOnlyList<string>)[.. common, "明細", Safe(l.Description), Num(l.Quantity), Num(l.UnitPrice.Amount), Num(l.Amount.Amount), l.RateLabel, string.Empty]));
        rows.AddRange(d.RateLines.Select(r => (IReadOnlyList<string>)[.. common, "税率別合計", string.Empty, string.Empty, string.Empty, Num(r.Subtotal.Amount), $"{r.TaxRatePercent}%", Num(r.Tax.Amount)]));
        rows.Add([.. common, "合計", string.Empty, string.Empty, string.Empty, Num(d.Total.Amount), string.Empty, Num(d.Tax.Amount)]);
        return CsvWriter.ToUtf8Bytes(header, rows);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    // A cell starting with = + - @ is a formula to a spreadsheet; a leading apostrophe keeps it text.
    private static string Safe(string text) => text.Length > 0 && "=+-@".Contains(text[0], StringComparison.Ordinal) ? "'" + text : text;
}
