namespace Market.Domain.Jobs;

public enum JobType
{
    Transcription = 0,
    DataEntry = 1,
    WebEdit = 2,
}

public enum JobStatus
{
    Draft = 0,
    Open = 1,
    Contracted = 2,
    InProgress = 3,
    Delivered = 4,
    RevisionRequested = 5,
    Accepted = 6,
    Closed = 7,
    Cancelled = 8,
}

public enum ConfidentialityLevel
{
    Standard = 0,
    Confidential = 1,
    PersonalData = 2,
}

public enum TranscriptionStyle
{
    /// <summary>素起こし: every word as spoken, fillers and false starts included.</summary>
    Verbatim = 0,

    /// <summary>ケバ取り: fillers (えー, あの) and false starts removed, wording otherwise kept.</summary>
    CleanVerbatim = 1,

    /// <summary>整文: edited into readable written Japanese.</summary>
    Edited = 2,
}

public enum WebContentFormat
{
    Html = 0,
    Markdown = 1,
}
