namespace Market.Web.Jobs;

/// <summary>Accepted units out of all planned units, as a bar and as words.</summary>
public sealed record ProgressBar(int Done, int Total)
{
    public int Percent => Total == 0 ? 0 : (int)(Done * 100L / Total);

    /// <summary>A &lt;progress&gt; needs max &gt; 0; a job with no units yet shows an empty bar.</summary>
    public int Max => Math.Max(Total, 1);
}
