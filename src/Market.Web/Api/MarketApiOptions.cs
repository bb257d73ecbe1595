using System.ComponentModel.DataAnnotations;

namespace Market.Web.Api;

public sealed class MarketApiOptions
{
    public const string SectionName = "MarketApi";

    [Required]
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1:5080/");

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>For calls that do real work at the API, such as posting a job, which splits an hour of audio into units.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LongTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
