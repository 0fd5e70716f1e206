using Workflow.Abstractions;

namespace Workflow.Plugins.PurchasingSales.Records;

/// <summary>
/// Customers, vendors and items (Business Central's tables 18, 23 and 27). They have no status: Business Central
/// approves them by restricting the record until the request is approved, and approves changes to them by holding the
/// changed values.
/// </summary>
public static class MasterDataRecordTypes
{
    /// <summary>Code of <see cref="Customer"/>.</summary>
    public const string CustomerCode = "CUSTOMER";

    /// <summary>Code of <see cref="Vendor"/>.</summary>
    public const string VendorCode = "VENDOR";

    /// <summary>Code of <see cref="Item"/>.</summary>
    public const string ItemCode = "ITEM";

    /// <summary>Code of <see cref="VendorBankAccount"/>.</summary>
    public const string VendorBankAccountCode = "VENDOR_BANK_ACCOUNT";

    /// <summary>
    /// Blocked value of a record that is not blocked. Business Central's option is a blank; conditions cannot name a
    /// blank option value, so it is called None here.
    /// </summary>
    public const string NotBlocked = "None";

    /// <summary>The values of a customer's Blocked field: not blocked, or blocked for shipping, invoicing or everything.</summary>
    public static IReadOnlyList<string> CustomerBlockedValues { get; } = [NotBlocked, "Ship", "Invoice", "All"];

    /// <summary>The values of a vendor's Blocked field: not blocked, or blocked for payments or everything.</summary>
    public static IReadOnlyList<string> VendorBlockedValues { get; } = [NotBlocked, "Payment", "All"];

    /// <summary>A customer.</summary>
    public static RecordTypeDefinition Customer { get; } = new(
        CustomerCode,
        "Customer",
        [
            Fields.Text("No."),
            Fields.Text("Name"),
            Fields.Number("Credit Limit (LCY)"),
            Fields.Option("Blocked", CustomerBlockedValues),
            Fields.Text("Payment Method Code"),
            Fields.Text("Gen. Bus. Posting Group"),
            Fields.Text("Customer Posting Group"),
        ]);

    /// <summary>A vendor.</summary>
    public static RecordTypeDefinition Vendor { get; } = new(
        VendorCode,
        "Vendor",
        [
            Fields.Text("No."),
            Fields.Text("Name"),
            Fields.Option("Blocked", VendorBlockedValues),
            Fields.Text("Purchaser Code"),
        ]);

    /// <summary>An item.</summary>
    public static RecordTypeDefinition Item { get; } = new(
        ItemCode,
        "Item",
        [
            Fields.Text("No."),
            Fields.Text("Description"),
            Fields.Text("Item Category Code"),
            Fields.Number("Unit Price"),
        ]);

    /// <summary>
    /// A vendor's bank account (Business Central's table 288), approved before payments go to it; its record id is
    /// Business Central's key, vendor then code (<c>V-1000/ECA</c>).
    /// </summary>
    public static RecordTypeDefinition VendorBankAccount { get; } = new(
        VendorBankAccountCode,
        "Vendor Bank Account",
        [
            Fields.Text("Vendor No."),
            Fields.Text("Code"),
            Fields.Text("Name"),
            Fields.Text("Bank Account No."),
            Fields.Text("IBAN"),
            Fields.Text("SWIFT Code"),
            Fields.Text("Currency Code"),
        ]);

    /// <summary>Every master data record type.</summary>
    public static IReadOnlyList<RecordTypeDefinition> All { get; } = [Customer, Vendor, Item, VendorBankAccount];
}
