using Market.Domain.Common;

namespace Market.Domain.Quality;

/// <summary>A reviewer's grades for accepted work, each 1 (poor) to 5 (excellent).</summary>
public sealed record ReviewGrades
{
    public const int Min = 1;
    public const int Max = 5;

    public ReviewGrades(int accuracy, int format)
    {
        Accuracy = Validate(accuracy, "accuracy");
        Format = Validate(format, "format");
    }

    private ReviewGrades()
    {
    }

    public int Accuracy { get; private init; }

    public int Format { get; private init; }

    private static int Validate(int grade, string name) =>
        grade is < Min or > Max
            ? throw new UnprocessableInputException("review_grade_out_of_range", $"The {name} grade must be between {Min} and {Max}.")
            : grade;
}
