using System.Collections.Frozen;
using System.Text.Json;
using Workflow.Engine.Workflows;

namespace Workflow.Server.Api;

/// <summary>
/// How long each text of a request body may be, after Business Central's field lengths (codes 20, descriptions 100, user
/// names 50, table and field names 30, text values 250), and the one character no store keeps: U+0000, which PostgreSQL
/// refuses in text and SQLite would store. Checked on the raw JSON before it is bound, so every body of every endpoint
/// gets the same rules and a problem names the field as the client wrote it (<c>steps[0].conditions.Amount</c>).
/// The README's API section lists these limits.
/// </summary>
public static class TextLimits
{
    public const int Code = 20;
    public const int Description = 100;
    public const int UserId = 50;
    public const int TenantId = 40;
    public const int RecordType = 30;
    public const int RecordId = 100;
    public const int FieldName = 30;
    public const int FieldValue = 250;
    public const int FunctionCode = 128;
    public const int Name = 100;
    public const int Email = 100;
    public const int IdempotencyKey = 200;
    public const int Comment = 2000;

    /// <summary>Any text the table below does not name.</summary>
    public const int Other = 250;

    // By property name, whatever object holds it: the API uses each name for one kind of value.
    private static readonly FrozenDictionary<string, int> ByProperty = new Dictionary<string, int>
    {
        ["code"] = Code,
        ["category"] = Code,
        ["format"] = Code * 2,
        ["description"] = Description,
        ["userId"] = UserId,
        ["approverId"] = UserId,
        ["substituteId"] = UserId,
        ["tenantId"] = TenantId,
        ["recordType"] = RecordType,
        ["recordId"] = RecordId,
        ["field"] = FieldName,
        ["eventCode"] = FunctionCode,
        ["functionCode"] = FunctionCode,
        ["name"] = Name,
        ["displayName"] = Name,
        ["email"] = Email,
        ["idempotencyKey"] = IdempotencyKey,
        ["comment"] = Comment,
        ["text"] = Comment,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // Objects keyed by field or option name: record values, conditions, response options.
    private static readonly FrozenSet<string> FieldMaps =
        new[] { "fields", "previousFields", "conditions", "options" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Adds a problem for every string of <paramref name="json"/> that is too long or holds U+0000. JSON that does not parse
    /// is left to the deserializer, which names where it breaks.
    /// </summary>
    public static void Check(ReadOnlySpan<byte> json, ProblemList problems)
    {
        var reader = new Utf8JsonReader(json);
        var containers = new Stack<Container>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var path = containers.Count == 0 ? "" : PathOf(containers.Peek(), property);
                        var name = containers.Count == 0 ? null : containers.Peek().IsArray ? containers.Peek().Name : property;
                        NextElement(containers);
                        containers.Push(new Container(path, name, reader.TokenType == JsonTokenType.StartArray));
                        property = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        containers.Pop();
                        property = null;
                        break;
                    case JsonTokenType.PropertyName:
                        property = reader.GetString()!;
                        var holder = containers.Peek();
                        if (holder.IsFieldMap)
                            CheckText(holder.Path, property, FieldName, "field name", problems);
                        else if (property.Contains('\0'))
                            problems.Add(holder.Path.Length == 0 ? "body" : holder.Path, NullCharacter("a property name"));
                        break;
                    case JsonTokenType.String:
                        var container = containers.Peek();
                        var field = PathOf(container, property);
                        var limit = container.IsFieldMap ? FieldValue
                            : ByProperty.GetValueOrDefault((container.IsArray ? container.Name : property) ?? "", Other);
                        CheckText(field, reader.GetString()!, limit, null, problems);
                        NextElement(containers);
                        break;
                    default:
                        NextElement(containers);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed: the deserializer reports it with its position.
        }
    }

    /// <summary>The reason a text holding U+0000 is refused.</summary>
    public static string NullCharacter(string what) => $"{what} must not contain the character U+0000.";

    private static void CheckText(string field, string text, int limit, string? what, ProblemList problems)
    {
        if (text.Contains('\0'))
            problems.Add(field, what is null ? NullCharacter("the text") : NullCharacter($"{what} '{text.Replace("\0", "\\u0000")}'"));
        else if (text.Length > limit)
            problems.Add(field, what is null ? $"must be at most {limit} characters." : $"{what} '{text}' must be at most {limit} characters.");
    }

    private static string PathOf(Container container, string? property) =>
        container.IsArray ? $"{container.Path}[{container.Index}]"
        : container.Path.Length == 0 ? property ?? "body"
        : $"{container.Path}.{property}";

    // A value read inside an array moves its index on; inside an object the property names it instead.
    private static void NextElement(Stack<Container> containers)
    {
        if (containers.Count > 0 && containers.Peek().IsArray)
            containers.Peek().Index++;
    }

    private sealed class Container(string path, string? name, bool isArray)
    {
        public string Path { get; } = path;
        /// <summary>The property that holds this object or array.</summary>
        public string? Name { get; } = name;
        public bool IsArray { get; } = isArray;
        public bool IsFieldMap { get; } = !isArray && name is not null && FieldMaps.Contains(name);
        public int Index { get; set; }
    }
}
