namespace Market.Web.Uploads;

public static class UploadLimits
{
    /// <summary>The API's own limit (Files:MaxUploadBytes); the Web refuses more before passing a byte on.</summary>
    public const long MaxFileBytes = 600L * 1024 * 1024;

    /// <summary>Room for the multipart framing and, on the form without JavaScript, the other fields.</summary>
    public const long MaxRequestBytes = MaxFileBytes + (1024 * 1024);
}
