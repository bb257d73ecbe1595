using System.Collections;

namespace Market.Domain.Splitting.Csv;

/// <summary>
/// The records of a parsed CSV as positions in its decoded text: a field becomes a string only when it is read.
/// Every record has the same number of fields (the reader refuses ragged rows before handing this out).
/// </summary>
internal sealed class CsvRecords(string text, int width) : IReadOnlyList<IReadOnlyList<string>>
{
    private readonly List<int> _bounds = [];
    private Dictionary<int, string>? _unquoted;

    public int Count => _bounds.Count / (2 * width);

    public int Width => width;

    public IReadOnlyList<string> this[int index] =>
        (uint)index < (uint)Count ? new Record(this, index) : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>A field from <c>Start</c> to <c>End</c> in the text, or its value when doubled quotes had to be undone.</summary>
    public readonly record struct Field(int Start, int End, string? Value);

    public static string Text(string text, Field field) =>
        field.Value ?? (field.End > field.Start ? text[field.Start..field.End] : string.Empty);

    public void Add(List<Field> fields)
    {
        foreach (var field in fields)
        {
            if (field.Value is not null)
            {
                (_unquoted ??= [])[_bounds.Count / 2] = field.Value;
            }

            _bounds.Add(field.Start);
            _bounds.Add(field.End);
        }
    }

    public IEnumerator<IReadOnlyList<string>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return new Record(this, i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private string FieldAt(int record, int column)
    {
        var index = (record * width) + column;
        return _unquoted is not null && _unquoted.TryGetValue(index, out var value)
            ? value
            : Text(text, new Field(_bounds[2 * index], _bounds[(2 * index) + 1], null));
    }

    private sealed class Record(CsvRecords records, int index) : IReadOnlyList<string>
    {
        public int Count => records.Width;

        public string this[int column] =>
            (uint)column < (uint)Count ? records.FieldAt(index, column) : throw new ArgumentOutOfRangeException(nameof(column));

        public IEnumerator<string> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
