using System.Globalization;
using System.Text.RegularExpressions;

namespace Workflow.Engine.Calendar;

/// <summary>
/// A Business Central date formula such as <c>&lt;2D&gt;</c>, <c>&lt;1W&gt;</c>, <c>&lt;-1M&gt;</c> or <c>&lt;CM+5D&gt;</c>:
/// terms applied left to right, each a signed count of days (D), weeks (W), months (M), quarters (Q) or years (Y), or
/// <c>C</c> and a unit for the end of the current week, month, quarter or year.
/// </summary>
public sealed partial class DateFormula
{
    [GeneratedRegex(@"\G\s*(?:(?<current>C)(?<unit>[DWMQY])|(?<sign>[+-])?(?<count>\d{1,4})(?<unit>[DWMQY]))", RegexOptions.IgnoreCase)]
    private static partial Regex Term();

    private readonly IReadOnlyList<(bool Current, int Count, char Unit)> _terms;

    private DateFormula(string text, IReadOnlyList<(bool, int, char)> terms)
    {
        Text = text;
        _terms = terms;
    }

    /// <summary>The formula as written, with its angle brackets.</summary>
    public string Text { get; }

    public static bool TryParse(string? text, out DateFormula? formula, out string? error)
    {
        formula = null;
        error = null;
        var body = (text ?? "").Trim();
        if (body.StartsWith('<') && body.EndsWith('>'))
            body = body[1..^1];
        if (body.Length == 0)
        {
            error = "A date formula needs at least one term, such as <2D> or <CM+5D>.";
            return false;
        }

        var terms = new List<(bool, int, char)>();
        var position = 0;
        var first = true;
        while (position < body.Length)
        {
            var match = Term().Match(body, position);
            if (!match.Success || (!first && !match.Groups["current"].Success && !match.Groups["sign"].Success))
            {
                error = $"'{text}' is not a date formula: expected a term such as 2D, 1W, -1M or CM at position {position + 1}.";
                return false;
            }
            var unit = char.ToUpperInvariant(match.Groups["unit"].Value[0]);
            if (match.Groups["current"].Success)
            {
                if (unit == 'D')
                {
                    error = $"'{text}' is not a date formula: CD (current day) is not supported.";
                    return false;
                }
                terms.Add((true, 0, unit));
            }
            else
            {
                var count = int.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture);
                terms.Add((false, match.Groups["sign"].Value == "-" ? -count : count, unit));
            }
            position = match.Index + match.Length;
            first = false;
        }
        formula = new DateFormula($"<{body.ToUpperInvariant()}>", terms);
        return true;
    }

    public static DateFormula Parse(string text) =>
        TryParse(text, out var formula, out var error) ? formula! : throw new FormatException(error);

    /// <summary>The date the formula gives from <paramref name="from"/>.</summary>
    public DateOnly ApplyTo(DateOnly from)
    {
        var date = from;
        foreach (var (current, count, unit) in _terms)
            date = current ? EndOfCurrent(date, unit) : Add(date, count, unit);
        return date;
    }

    private static DateOnly Add(DateOnly date, int count, char unit) => unit switch
    {
        'D' => date.AddDays(count),
        'W' => date.AddDays(7 * count),
        'M' => date.AddMonths(count),
        'Q' => date.AddMonths(3 * count),
        _ => date.AddYears(count),
    };

    private static DateOnly EndOfCurrent(DateOnly date, char unit) => unit switch
    {
        // Business Central's weeks run Monday to Sunday.
        'W' => date.AddDays((7 - ((int)date.DayOfWeek + 6) % 7) - 1),
        'M' => new DateOnly(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month)),
        'Q' => EndOfMonth(new DateOnly(date.Year, (date.Month - 1) / 3 * 3 + 3, 1)),
        _ => new DateOnly(date.Year, 12, 31),
    };

    private static DateOnly EndOfMonth(DateOnly date) => new(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month));

    public override string ToString() => Text;
}
