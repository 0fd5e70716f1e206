using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflow.Server.Api.Workflows;

/// <summary>
/// A step's options and conditions are text (invariant form), but a client writing <c>"applyAllNewValues": false</c> or
/// <c>"dueDateDays": 3</c> means the same as the quoted value: numbers and booleans are taken as their JSON text, null
/// leaves the value unset. Objects and arrays are refused, naming the field.
/// </summary>
public sealed class StepTextValuesConverter : JsonConverter<IReadOnlyDictionary<string, string>>
{
    // As long as a condition's or option's text may be (TextLimits).
    private const int MaxNumberLength = 250;

    public override IReadOnlyDictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("must be a JSON object of names and values.");
        var values = new Dictionary<string, string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            values[name] = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Number when (reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) <= MaxNumberLength =>
                    Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
                JsonTokenType.Number => throw new JsonException($"'{name}' is a number of more than {MaxNumberLength} characters."),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                // As before this converter: null leaves the option unset.
                JsonTokenType.Null => null!,
                _ => throw new JsonException($"'{name}' must be text, a number or true/false, not {Describe(reader.TokenType)}."),
            };
        }
        return values;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, text) in value)
            writer.WriteString(name, text);
        writer.WriteEndObject();
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => token.ToString(),
    };
}
