using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflow.Server.Api;

/// <summary>
/// Enums by name (or number, as <see cref="JsonStringEnumConverter"/> reads them), refusing a number no member has:
/// <c>"type": 99</c> would otherwise be stored, exported and imported elsewhere as a step of no kind.
/// </summary>
public sealed class DefinedEnumConverter : JsonConverterFactory
{
    private readonly JsonStringEnumConverter _names = new();

    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Defined<>).MakeGenericType(typeToConvert), _names.CreateConverter(typeToConvert, options))!;

    private sealed class Defined<TEnum>(JsonConverter names) : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        private readonly JsonConverter<TEnum> _names = (JsonConverter<TEnum>)names;
        // Flags combine members into values no member has; none of the API's enums is one, but a combination is not an error.
        private static readonly bool IsFlags = typeof(TEnum).IsDefined(typeof(FlagsAttribute), false);

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var value = _names.Read(ref reader, typeToConvert, options);
            if (!IsFlags && !Enum.IsDefined(value))
                throw new JsonException($"{Convert.ToInt64(value)} is not a {typeof(TEnum).Name}; use one of: {string.Join(", ", Enum.GetNames<TEnum>())}.");
            return value;
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => _names.Write(writer, value, options);

        public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            _names.ReadAsPropertyName(ref reader, typeToConvert, options);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            _names.WriteAsPropertyName(writer, value, options);
    }
}
