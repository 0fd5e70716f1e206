using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Workflow.Engine.Storage;

/// <summary>
/// How grain state is stored. Every turn writes the whole state, so it is kept small: nulls are left out, and so are
/// empty collections wherever a freshly constructed object already holds an empty one (reading gives the same value back).
/// </summary>
internal static class GrainStateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { SkipEmptyDefaults } },
    };

    private static void SkipEmptyDefaults(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || type.CreateObject is null)
            return;
        object fresh;
        try
        {
            fresh = type.CreateObject();
        }
        catch (Exception)
        {
            return;
        }
        foreach (var property in type.Properties)
        {
            if (property.Get is not { } get || property.Set is null || property.PropertyType == typeof(string)
                || get(fresh) is not System.Collections.ICollection { Count: 0 })
                continue;
            property.ShouldSerialize = (_, value) => value is not System.Collections.ICollection { Count: 0 };
        }
    }
}
