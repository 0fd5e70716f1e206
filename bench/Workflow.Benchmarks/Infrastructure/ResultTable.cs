using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflow.Benchmarks.Infrastructure;

/// <summary>One line of the report: a figure beside its same-run baseline, and the target it is held to.</summary>
/// <param name="HigherIsBetter">Whether the target is a floor (ratio ≥ target) or a ceiling (figure or ratio ≤ target).</param>
/// <param name="TargetOnRatio">Whether the target applies to <see cref="Ratio"/> (else to <see cref="Figure"/>).</param>
public sealed record ResultRow(
    string Workload,
    string Metric,
    double? Figure,
    string Unit,
    string? BaselineName,
    double? Baseline,
    double? Target,
    bool TargetOnRatio,
    bool HigherIsBetter,
    string? Note = null)
{
    public double? Ratio => Figure is { } f && Baseline is { } b && b != 0 ? f / b : null;

    public bool? Met
    {
        get
        {
            var value = TargetOnRatio ? Ratio : Figure;
            if (Target is not { } target || value is not { } v)
                return null;
            return HigherIsBetter ? v >= target : v <= target;
        }
    }

    public string TargetText => Target is not { } t ? "-"
        : (HigherIsBetter ? "≥ " : "≤ ") + Num(t) + (TargetOnRatio ? "×" : " " + Unit);

    internal static string Num(double? value) => value switch
    {
        null => "-",
        double v when double.IsNaN(v) => "-",
        double v when Math.Abs(v) >= 100 => v.ToString("N0", CultureInfo.InvariantCulture),
        double v when Math.Abs(v) >= 10 => v.ToString("N1", CultureInfo.InvariantCulture),
        double v => v.ToString("0.###", CultureInfo.InvariantCulture),
    };
}

/// <summary>Collects rows and notes, prints them as a table and writes them as JSON.</summary>
public sealed class ResultTable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public List<ResultRow> Rows { get; } = [];
    public List<string> Notes { get; } = [];
    public Dictionary<string, string> Machine { get; } = [];

    public void Add(ResultRow row)
    {
        Rows.Add(row);
        Console.WriteLine($"    {row.Workload} | {row.Metric}: {ResultRow.Num(row.Figure)} {row.Unit}"
                          + (row.Baseline is null ? "" : $" (baseline {ResultRow.Num(row.Baseline)}, ratio {ResultRow.Num(row.Ratio)})"));
    }

    public void Note(string note)
    {
        Notes.Add(note);
        Console.WriteLine($"    note: {note}");
    }

    public void Print()
    {
        string[] header = ["Workload", "Metric", "Figure", "Unit", "Baseline", "Baseline value", "Ratio", "Target", "Met?"];
        var lines = Rows.Select(r => new[]
        {
            r.Workload, r.Metric, ResultRow.Num(r.Figure), r.Unit, r.BaselineName ?? "-", ResultRow.Num(r.Baseline),
            r.Ratio is null ? "-" : ResultRow.Num(r.Ratio) + "×", r.TargetText, r.Met switch { true => "yes", false => "NO", null => "-" },
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, lines.Count == 0 ? 0 : lines.Max(l => l[i].Length))).ToArray();
        string Format(string[] cells) => "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |";
        Console.WriteLine();
        Console.WriteLine(Format(header));
        Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var line in lines)
            Console.WriteLine(Format(line));
        if (Notes.Count > 0)
        {
            Console.WriteLine();
            foreach (var note in Notes)
                Console.WriteLine($"- {note}");
        }
    }

    public async Task WriteJsonAsync(string path)
    {
        var document = new
        {
            generatedAt = TimeProvider.System.GetUtcNow(),
            machine = Machine,
            rows = Rows.Select(r => new
            {
                r.Workload, r.Metric, r.Figure, r.Unit, baseline = r.BaselineName, baselineValue = r.Baseline, r.Ratio,
                target = r.Target is null ? null : r.TargetText, r.Met, r.Note,
            }),
            notes = Notes,
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, Json));
    }
}
