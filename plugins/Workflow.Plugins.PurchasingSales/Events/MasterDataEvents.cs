using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Records;

namespace Workflow.Plugins.PurchasingSales.Events;

/// <summary>
/// Events of customers, vendors and items (catalogue §2.6): approval requested and canceled, and the record created and
/// changed. The changed events carry the previous values (Business Central's "Used for Record Change"), so a workflow
/// can hold, for example, an increase of a customer's credit limit for approval. They are specific to their record
/// type, unlike the generic plugin's RECORD_CREATED and RECORD_CHANGED, which any record type raises.
/// </summary>
public static class MasterDataEvents
{
    /// <summary>Code of <see cref="CustomerApprovalRequested"/> (RUNWORKFLOWONSENDCUSTOMERFORAPPROVAL).</summary>
    public const string CustomerApprovalRequestedCode = "CUSTOMER_APPROVAL_REQUESTED";

    /// <summary>Code of <see cref="CustomerApprovalCanceled"/> (RUNWORKFLOWONCANCELCUSTOMERAPPROVALREQUEST).</summary>
    public const string CustomerApprovalCanceledCode = "CUSTOMER_APPROVAL_CANCELED";

    /// <summary>Code of <see cref="CustomerCreated"/>.</summary>
    public const string CustomerCreatedCode = "CUSTOMER_CREATED";

    /// <summary>Code of <see cref="CustomerChanged"/> (RUNWORKFLOWONCUSTOMERCHANGEDCODE).</summary>
    public const string CustomerChangedCode = "CUSTOMER_CHANGED";

    /// <summary>Code of <see cref="VendorApprovalRequested"/> (RUNWORKFLOWONSENDVENDORFORAPPROVAL).</summary>
    public const string VendorApprovalRequestedCode = "VENDOR_APPROVAL_REQUESTED";

    /// <summary>Code of <see cref="VendorApprovalCanceled"/> (RUNWORKFLOWONCANCELVENDORAPPROVALREQUEST).</summary>
    public const string VendorApprovalCanceledCode = "VENDOR_APPROVAL_CANCELED";

    /// <summary>Code of <see cref="VendorCreated"/>.</summary>
    public const string VendorCreatedCode = "VENDOR_CREATED";

    /// <summary>Code of <see cref="VendorChanged"/> (RUNWORKFLOWONVENDORCHANGEDCODE).</summary>
    public const string VendorChangedCode = "VENDOR_CHANGED";

    /// <summary>Code of <see cref="ItemApprovalRequested"/> (RUNWORKFLOWONSENDITEMFORAPPROVAL).</summary>
    public const string ItemApprovalRequestedCode = "ITEM_APPROVAL_REQUESTED";

    /// <summary>Code of <see cref="ItemApprovalCanceled"/> (RUNWORKFLOWONCANCELITEMAPPROVALREQUEST).</summary>
    public const string ItemApprovalCanceledCode = "ITEM_APPROVAL_CANCELED";

    /// <summary>Code of <see cref="ItemCreated"/>.</summary>
    public const string ItemCreatedCode = "ITEM_CREATED";

    /// <summary>Code of <see cref="ItemChanged"/> (RUNWORKFLOWONITEMCHANGEDCODE).</summary>
    public const string ItemChangedCode = "ITEM_CHANGED";

    /// <summary>Code of <see cref="VendorBankAccountApprovalRequested"/> (RUNWORKFLOWONSENDVENDORBANKACCOUNTFORAPPROVAL).</summary>
    public const string VendorBankAccountApprovalRequestedCode = "VENDOR_BANK_ACCOUNT_APPROVAL_REQUESTED";

    /// <summary>Code of <see cref="VendorBankAccountApprovalCanceled"/> (RUNWORKFLOWONCANCELVENDORBANKACCOUNTAPPROVALREQUEST).</summary>
    public const string VendorBankAccountApprovalCanceledCode = "VENDOR_BANK_ACCOUNT_APPROVAL_CANCELED";

    /// <summary>"Approval of a customer is requested."</summary>
    public static WorkflowEventDefinition CustomerApprovalRequested { get; } =
        ApprovalEvents.Requested(CustomerApprovalRequestedCode, "customer", MasterDataRecordTypes.CustomerCode);

    /// <summary>"An approval request for a customer is canceled."</summary>
    public static WorkflowEventDefinition CustomerApprovalCanceled { get; } =
        ApprovalEvents.Canceled(CustomerApprovalCanceledCode, "customer", MasterDataRecordTypes.CustomerCode);

    /// <summary>"A customer record is created."</summary>
    public static WorkflowEventDefinition CustomerCreated { get; } =
        new(CustomerCreatedCode, "A customer record is created.", MasterDataRecordTypes.CustomerCode);

    /// <summary>"A customer record is changed.", with the previous values.</summary>
    public static WorkflowEventDefinition CustomerChanged { get; } =
        new(CustomerChangedCode, "A customer record is changed.", MasterDataRecordTypes.CustomerCode) { UsedForRecordChange = true };

    /// <summary>"Approval of a vendor is requested."</summary>
    public static WorkflowEventDefinition VendorApprovalRequested { get; } =
        ApprovalEvents.Requested(VendorApprovalRequestedCode, "vendor", MasterDataRecordTypes.VendorCode);

    /// <summary>"An approval request for a vendor is canceled."</summary>
    public static WorkflowEventDefinition VendorApprovalCanceled { get; } =
        ApprovalEvents.Canceled(VendorApprovalCanceledCode, "vendor", MasterDataRecordTypes.VendorCode);

    /// <summary>"A vendor record is created."</summary>
    public static WorkflowEventDefinition VendorCreated { get; } =
        new(VendorCreatedCode, "A vendor record is created.", MasterDataRecordTypes.VendorCode);

    /// <summary>"A vendor record is changed.", with the previous values.</summary>
    public static WorkflowEventDefinition VendorChanged { get; } =
        new(VendorChangedCode, "A vendor record is changed.", MasterDataRecordTypes.VendorCode) { UsedForRecordChange = true };

    /// <summary>"Approval of an item is requested."</summary>
    public static WorkflowEventDefinition ItemApprovalRequested { get; } =
        ApprovalEvents.Requested(ItemApprovalRequestedCode, "item", MasterDataRecordTypes.ItemCode);

    /// <summary>"An approval request for an item is canceled."</summary>
    public static WorkflowEventDefinition ItemApprovalCanceled { get; } =
        ApprovalEvents.Canceled(ItemApprovalCanceledCode, "item", MasterDataRecordTypes.ItemCode);

    /// <summary>"An item record is created."</summary>
    public static WorkflowEventDefinition ItemCreated { get; } =
        new(ItemCreatedCode, "An item record is created.", MasterDataRecordTypes.ItemCode);

    /// <summary>"An item record is changed.", with the previous values.</summary>
    public static WorkflowEventDefinition ItemChanged { get; } =
        new(ItemChangedCode, "An item record is changed.", MasterDataRecordTypes.ItemCode) { UsedForRecordChange = true };

    /// <summary>"Approval of a vendor bank account is requested."</summary>
    public static WorkflowEventDefinition VendorBankAccountApprovalRequested { get; } =
        ApprovalEvents.Requested(VendorBankAccountApprovalRequestedCode, "vendor bank account", MasterDataRecordTypes.VendorBankAccountCode);

    /// <summary>"An approval request for a vendor bank account is canceled."</summary>
    public static WorkflowEventDefinition VendorBankAccountApprovalCanceled { get; } =
        ApprovalEvents.Canceled(VendorBankAccountApprovalCanceledCode, "vendor bank account", MasterDataRecordTypes.VendorBankAccountCode);

    /// <summary>Every master data event, in the order users see them.</summary>
    public static IReadOnlyList<WorkflowEventDefinition> All { get; } =
    [
        CustomerApprovalRequested, CustomerApprovalCanceled, CustomerCreated, CustomerChanged,
        VendorApprovalRequested, VendorApprovalCanceled, VendorCreated, VendorChanged,
        ItemApprovalRequested, ItemApprovalCanceled, ItemCreated, ItemChanged,
        VendorBankAccountApprovalRequested, VendorBankAccountApprovalCanceled,
    ];
}
