using Workflow.Tests.Infrastructure;
using static Workflow.Tests.Conformance.Conformance;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134212 "WF Demo Item Approval": sending an item for approval through the item approval
/// workflow (MS-ITEMAPW), canceling, approving, rejecting and delegating it.
/// </summary>
public sealed class WFDemoItemApprovalTests
{
    /// <summary>SendItemForApprovalTest: the approver gets an Open entry for the item.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task SendItemForApprovalTest(string provider) => RecordApproval.SendForApprovalAsync(provider, Item);

    /// <summary>CancelItemApprovalRequestTest: the entry is Canceled.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task CancelItemApprovalRequestTest(string provider) => RecordApproval.CancelApprovalRequestAsync(provider, Item);

    /// <summary>ApproveItemTest: the entry is Approved.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task ApproveItemTest(string provider) => RecordApproval.ApproveAsync(provider, Item);

    /// <summary>RejectItemTest: the entry is Rejected.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task RejectItemTest(string provider) => RecordApproval.RejectAsync(provider, Item);

    /// <summary>DeleteItemAfterApprovalRequestTest: the deleted item takes its approval entries and comments with it.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task DeleteItemAfterApprovalRequestTest(string provider) => RecordApproval.DeleteAfterApprovalRequestAsync(provider, Item);

    /// <summary>DelegateItemTest: the entry goes to the approver's substitute, still Open.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task DelegateItemTest(string provider) => RecordApproval.DelegateAsync(provider, Item);
}
