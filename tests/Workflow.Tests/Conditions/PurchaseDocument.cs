using Workflow.Abstractions;

namespace Workflow.Tests.Conditions;

/// <summary>A record type with a field of every type, shaped like Business Central's purchase document.</summary>
internal static class PurchaseDocument
{
    public static RecordTypeDefinition Type { get; } = new("PURCHASE_DOCUMENT", "Purchase Document",
    [
        new RecordFieldDefinition("Document Type", RecordFieldType.Option) { OptionValues = ["Quote", "Order", "Invoice", "Credit Memo"] },
        new RecordFieldDefinition("Buy-from Vendor No.", RecordFieldType.Text),
        new RecordFieldDefinition("Buy-from Vendor Name", RecordFieldType.Text),
        new RecordFieldDefinition("Amount", RecordFieldType.Number),
        new RecordFieldDefinition("Document Date", RecordFieldType.Date),
        new RecordFieldDefinition("Status", RecordFieldType.Option) { OptionValues = ["Open", "Released", "Pending Approval", "Pending Prepayment"] },
        new RecordFieldDefinition("Prepayment", RecordFieldType.Boolean),
        new RecordFieldDefinition("Priority", RecordFieldType.Option),
    ]);

    public static Dictionary<string, string> Filters(params (string Field, string Expression)[] conditions) =>
        conditions.ToDictionary(c => c.Field, c => c.Expression);

    public static Dictionary<string, string?> Record(params (string Field, string? Value)[] fields) =>
        fields.ToDictionary(f => f.Field, f => f.Value);
}
