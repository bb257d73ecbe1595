namespace Market.Domain.Splitting.WebEdit;

/// <summary>A client's request to change one page: its address, its content now, and what should change.</summary>
public sealed record WebEditRequest(string Url, string CurrentContent, string RequestedChange);
