using Workflow.Abstractions;

namespace Workflow.Plugins.PurchasingSales.Records;

/// <summary>Shorthands for the field definitions of this plugin's record types, so each type reads as its field list.</summary>
internal static class Fields
{
    public static RecordFieldDefinition Text(string name) => new(name, RecordFieldType.Text);

    public static RecordFieldDefinition Number(string name) => new(name, RecordFieldType.Number);

    public static RecordFieldDefinition Date(string name) => new(name, RecordFieldType.Date);

    public static RecordFieldDefinition Boolean(string name) => new(name, RecordFieldType.Boolean);

    public static RecordFieldDefinition Option(string name, IReadOnlyList<string> values) =>
        new(name, RecordFieldType.Option) { OptionValues = values };
}
