using System.Data.Common;
using System.Globalization;
using Dapper;
using Workflow.Engine.Errors;
using Workflow.Engine.Identity;
using Workflow.Engine.Storage;
using Workflow.Engine.Workflows;

namespace Workflow.Engine.Approvals.Setup;

/// <summary>
/// The approval user setups and workflow user groups of each tenant. Every query takes the tenant id first. Changes are
/// checked (<see cref="ApprovalSetupRules"/>) against what is stored inside the transaction that writes them, and a
/// tenant's changes queue on one row of <c>approval_setup_revisions</c>: two concurrent changes (A's approver becomes B
/// while B's becomes A) could otherwise each pass the loop check and make a loop together.
/// Limits are stored as invariant decimal text, exact on both providers.
/// </summary>
public sealed class ApprovalSetupStore(IStorageProvider storage, IdentityStore identity)
{
    private readonly RevisionCache<IReadOnlyDictionary<string, ApprovalUserSetup>> _setups = new(storage);

    private const string SetupColumns =
        """
        user_id AS UserId, approver_id AS ApproverId,
        sales_amount_approval_limit AS SalesLimit, unlimited_sales_approval AS UnlimitedSales,
        purchase_amount_approval_limit AS PurchaseLimit, unlimited_purchase_approval AS UnlimitedPurchase,
        request_amount_approval_limit AS RequestLimit, unlimited_request_approval AS UnlimitedRequest,
        substitute_id AS SubstituteId, email AS Email, approval_administrator AS ApprovalAdministrator
        """;

    public async Task<ApprovalUserSetup?> FindUserSetupAsync(string tenantId, string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await QuerySetupsAsync(connection, null, "WHERE tenant_id = @TenantId AND user_id = @UserId",
            new { TenantId = tenantId, UserId = IdentityRules.NormalizeUserId(userId) }, cancellationToken);
        return rows.SingleOrDefault();
    }

    public async Task<IReadOnlyList<ApprovalUserSetup>> ListUserSetupsAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return await QuerySetupsAsync(connection, null, "WHERE tenant_id = @TenantId ORDER BY user_id", new { TenantId = tenantId }, cancellationToken);
    }

    /// <summary>
    /// Every setup of the tenant by user id (case-insensitive), for walking approver chains, finding substitutes and
    /// approval administrators. Every approval action asks for it, so it is cached per tenant and read again only when the
    /// tenant's revision row has moved (one row read instead of the tenant's whole setup; any node's change moves it).
    /// </summary>
    public Task<IReadOnlyDictionary<string, ApprovalUserSetup>> GetAllUserSetupAsync(string tenantId, CancellationToken cancellationToken = default) =>
        _setups.GetAsync(tenantId,
            async connection => await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT revision FROM approval_setup_revisions WHERE tenant_id = @TenantId", new { TenantId = tenantId }, cancellationToken: cancellationToken)) ?? 0,
            async (connection, _) => ByUserId(await QuerySetupsAsync(connection, null, "WHERE tenant_id = @TenantId", new { TenantId = tenantId }, cancellationToken)),
            cancellationToken);

    /// <summary>The users whose setup makes them approval administrators, in user id order.</summary>
    public async Task<IReadOnlyList<string>> ListApprovalAdministratorsAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT user_id FROM approval_user_setup WHERE tenant_id = @TenantId AND approval_administrator = 1 ORDER BY user_id",
            new { TenantId = tenantId }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>Creates or replaces a user's setup; refuses with every problem named by field (400) and changes nothing then.</summary>
    /// <returns>The setup as stored, and whether it was created rather than replaced.</returns>
    public async Task<(ApprovalUserSetup Setup, bool Created)> UpsertUserSetupAsync(string tenantId, ApprovalUserSetup setup, CancellationToken cancellationToken = default)
    {
        setup = ApprovalSetupRules.Normalize(setup);
        var users = await TenantUsersAsync(tenantId, cancellationToken);

        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await QueueChangeAsync(connection, transaction, tenantId, cancellationToken);
        var stored = ByUserId(await QuerySetupsAsync(connection, transaction, "WHERE tenant_id = @TenantId", new { TenantId = tenantId }, cancellationToken));

        var problems = new ProblemList();
        ApprovalSetupRules.CheckUserSetup(setup, users, stored, problems);
        problems.ThrowIfAny();

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO approval_user_setup (tenant_id, user_id, approver_id,
                sales_amount_approval_limit, unlimited_sales_approval, purchase_amount_approval_limit, unlimited_purchase_approval,
                request_amount_approval_limit, unlimited_request_approval, substitute_id, email, approval_administrator)
            VALUES (@TenantId, @UserId, @ApproverId, @SalesLimit, @UnlimitedSales, @PurchaseLimit, @UnlimitedPurchase,
                @RequestLimit, @UnlimitedRequest, @SubstituteId, @Email, @ApprovalAdministrator)
            ON CONFLICT (tenant_id, user_id) DO UPDATE SET approver_id = excluded.approver_id,
                sales_amount_approval_limit = excluded.sales_amount_approval_limit, unlimited_sales_approval = excluded.unlimited_sales_approval,
                purchase_amount_approval_limit = excluded.purchase_amount_approval_limit, unlimited_purchase_approval = excluded.unlimited_purchase_approval,
                request_amount_approval_limit = excluded.request_amount_approval_limit, unlimited_request_approval = excluded.unlimited_request_approval,
                substitute_id = excluded.substitute_id, email = excluded.email, approval_administrator = excluded.approval_administrator
            """, SetupRow.From(tenantId, setup), transaction, cancellationToken: cancellationToken));
        await storage.CommitCachedChangeAsync(transaction, cancellationToken);
        return (setup, !stored.ContainsKey(setup.UserId));
    }

    /// <summary>
    /// Deletes a user's setup; false when there is none. Refused (409) while other setups name the user as approver or
    /// substitute, since their chains and delegations would then lead nowhere.
    /// </summary>
    public async Task<bool> DeleteUserSetupAsync(string tenantId, string userId, CancellationToken cancellationToken = default)
    {
        userId = IdentityRules.NormalizeUserId(userId);
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await QueueChangeAsync(connection, transaction, tenantId, cancellationToken);
        var referrers = await QuerySetupsAsync(connection, transaction,
            "WHERE tenant_id = @TenantId AND (approver_id = @UserId OR substitute_id = @UserId) ORDER BY user_id",
            new { TenantId = tenantId, UserId = userId }, cancellationToken);
        if (referrers.Count > 0)
            throw new ConflictException($"The approval user setup of {userId} cannot be deleted while others refer to it: {Describe(userId, referrers)}. Change their setups first.");

        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM approval_user_setup WHERE tenant_id = @TenantId AND user_id = @UserId",
            new { TenantId = tenantId, UserId = userId }, transaction, cancellationToken: cancellationToken));
        return await CommitIfChangedAsync(transaction, deleted == 1, cancellationToken);
    }

    public async Task<WorkflowUserGroup?> FindGroupAsync(string tenantId, string code, CancellationToken cancellationToken = default)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var groups = await QueryGroupsAsync(connection, tenantId, ApprovalSetupRules.NormalizeGroupCode(code), cancellationToken);
        return groups.SingleOrDefault();
    }

    public async Task<IReadOnlyList<WorkflowUserGroup>> ListGroupsAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return await QueryGroupsAsync(connection, tenantId, null, cancellationToken);
    }

    /// <summary>Creates a group or replaces it with its members; refuses with every problem named by field (400).</summary>
    /// <returns>The group as stored, and whether it was created rather than replaced.</returns>
    public async Task<(WorkflowUserGroup Group, bool Created)> UpsertGroupAsync(string tenantId, WorkflowUserGroup group, CancellationToken cancellationToken = default)
    {
        group = ApprovalSetupRules.Normalize(group);
        var problems = new ProblemList();
        ApprovalSetupRules.CheckGroup(group, await TenantUsersAsync(tenantId, cancellationToken), problems);
        problems.ThrowIfAny();
        group = group with { Members = group.Members.OrderBy(m => m.SequenceNo).ThenBy(m => m.UserId, StringComparer.Ordinal).ToList() };

        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await QueueChangeAsync(connection, transaction, tenantId, cancellationToken);
        var key = new { TenantId = tenantId, group.Code };
        var existed = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM workflow_user_groups WHERE tenant_id = @TenantId AND code = @Code", key, transaction, cancellationToken: cancellationToken)) > 0;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO workflow_user_groups (tenant_id, code, description) VALUES (@TenantId, @Code, @Description)
            ON CONFLICT (tenant_id, code) DO UPDATE SET description = excluded.description
            """, new { TenantId = tenantId, group.Code, group.Description }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM workflow_user_group_members WHERE tenant_id = @TenantId AND group_code = @Code", key, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO workflow_user_group_members (tenant_id, group_code, user_id, sequence_no) VALUES (@TenantId, @Code, @UserId, @SequenceNo)",
            group.Members.Select(m => new { TenantId = tenantId, group.Code, m.UserId, SequenceNo = (long)m.SequenceNo }),
            transaction, cancellationToken: cancellationToken));
        await storage.CommitCachedChangeAsync(transaction, cancellationToken);
        return (group, !existed);
    }

    /// <summary>Deletes a group with its members; false when the tenant has no such group.</summary>
    public async Task<bool> DeleteGroupAsync(string tenantId, string code, CancellationToken cancellationToken = default)
    {
        var key = new { TenantId = tenantId, Code = ApprovalSetupRules.NormalizeGroupCode(code) };
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await QueueChangeAsync(connection, transaction, tenantId, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM workflow_user_group_members WHERE tenant_id = @TenantId AND group_code = @Code", key, transaction, cancellationToken: cancellationToken));
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM workflow_user_groups WHERE tenant_id = @TenantId AND code = @Code", key, transaction, cancellationToken: cancellationToken));
        return await CommitIfChangedAsync(transaction, deleted == 1, cancellationToken);
    }

    /// <summary>
    /// A delete of nothing is a 404 and must write nothing: rolled back, the revision taken to queue the change does not
    /// move, so no node re-reads its setup cache for a change that did not happen.
    /// </summary>
    private async Task<bool> CommitIfChangedAsync(DbTransaction transaction, bool changed, CancellationToken cancellationToken)
    {
        if (changed)
            await storage.CommitCachedChangeAsync(transaction, cancellationToken);
        else
            await transaction.RollbackAsync(cancellationToken);
        return changed;
    }

    /// <summary>
    /// Takes the tenant's revision row as the first write of the transaction: PostgreSQL holds its row lock until commit
    /// and SQLite holds the database's write lock, so the tenant's setup changes run one after another.
    /// </summary>
    private static Task QueueChangeAsync(DbConnection connection, DbTransaction transaction, string tenantId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO approval_setup_revisions (tenant_id, revision) VALUES (@TenantId, 1)
            ON CONFLICT (tenant_id) DO UPDATE SET revision = approval_setup_revisions.revision + 1
            """, new { TenantId = tenantId }, transaction, cancellationToken: cancellationToken));

    private async Task<IReadOnlySet<string>> TenantUsersAsync(string tenantId, CancellationToken cancellationToken) =>
        (await identity.ListUsersAsync(tenantId, cancellationToken)).Select(u => u.UserId).ToHashSet(StringComparer.Ordinal);

    private static string Describe(string userId, IEnumerable<ApprovalUserSetup> referrers)
    {
        var asApprover = referrers.Where(r => r.ApproverId == userId).Select(r => r.UserId).ToList();
        var asSubstitute = referrers.Where(r => r.SubstituteId == userId).Select(r => r.UserId).ToList();
        var parts = new List<string>();
        if (asApprover.Count > 0)
            parts.Add($"{string.Join(", ", asApprover)} {(asApprover.Count == 1 ? "names" : "name")} {userId} as approver");
        if (asSubstitute.Count > 0)
            parts.Add($"{string.Join(", ", asSubstitute)} {(asSubstitute.Count == 1 ? "names" : "name")} {userId} as substitute");
        return string.Join("; ", parts);
    }

    private static IReadOnlyDictionary<string, ApprovalUserSetup> ByUserId(IEnumerable<ApprovalUserSetup> setups) =>
        setups.ToDictionary(s => s.UserId, StringComparer.OrdinalIgnoreCase);

    private static async Task<IReadOnlyList<ApprovalUserSetup>> QuerySetupsAsync(
        DbConnection connection, DbTransaction? transaction, string where, object parameters, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<SetupRow>(new CommandDefinition(
            $"SELECT {SetupColumns} FROM approval_user_setup {where}", parameters, transaction, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToSetup()).ToList();
    }

    private static async Task<IReadOnlyList<WorkflowUserGroup>> QueryGroupsAsync(DbConnection connection, string tenantId, string? code, CancellationToken cancellationToken)
    {
        var filter = code is null ? "" : " AND code = @Code";
        var memberFilter = code is null ? "" : " AND group_code = @Code";
        var parameters = new { TenantId = tenantId, Code = code };
        var groups = await connection.QueryAsync<(string Code, string Description)>(new CommandDefinition(
            $"SELECT code, description FROM workflow_user_groups WHERE tenant_id = @TenantId{filter} ORDER BY code", parameters, cancellationToken: cancellationToken));
        var members = (await connection.QueryAsync<(string GroupCode, string UserId, long SequenceNo)>(new CommandDefinition(
                $"SELECT group_code, user_id, sequence_no FROM workflow_user_group_members WHERE tenant_id = @TenantId{memberFilter} ORDER BY group_code, sequence_no, user_id",
                parameters, cancellationToken: cancellationToken)))
            .ToLookup(m => m.GroupCode, m => new WorkflowUserGroupMember(m.UserId, checked((int)m.SequenceNo)), StringComparer.Ordinal);
        return groups.Select(g => new WorkflowUserGroup(g.Code, g.Description, members[g.Code].ToList())).ToList();
    }

    /// <summary>A row of <c>approval_user_setup</c> as the database holds it: limits as text, flags as integers.</summary>
    private sealed class SetupRow
    {
        public string TenantId { get; init; } = "";
        public string UserId { get; init; } = "";
        public string? ApproverId { get; init; }
        public string SalesLimit { get; init; } = "0";
        public long UnlimitedSales { get; init; }
        public string PurchaseLimit { get; init; } = "0";
        public long UnlimitedPurchase { get; init; }
        public string RequestLimit { get; init; } = "0";
        public long UnlimitedRequest { get; init; }
        public string? SubstituteId { get; init; }
        public string? Email { get; init; }
        public long ApprovalAdministrator { get; init; }

        public static SetupRow From(string tenantId, ApprovalUserSetup s) => new()
        {
            TenantId = tenantId,
            UserId = s.UserId,
            ApproverId = s.ApproverId,
            SalesLimit = Text(s.SalesAmountApprovalLimit),
            UnlimitedSales = Flag(s.UnlimitedSalesApproval),
            PurchaseLimit = Text(s.PurchaseAmountApprovalLimit),
            UnlimitedPurchase = Flag(s.UnlimitedPurchaseApproval),
            RequestLimit = Text(s.RequestAmountApprovalLimit),
            UnlimitedRequest = Flag(s.UnlimitedRequestApproval),
            SubstituteId = s.SubstituteId,
            Email = s.Email,
            ApprovalAdministrator = Flag(s.ApprovalAdministrator),
        };

        public ApprovalUserSetup ToSetup() => new(UserId, ApproverId,
            Amount(SalesLimit), UnlimitedSales != 0,
            Amount(PurchaseLimit), UnlimitedPurchase != 0,
            Amount(RequestLimit), UnlimitedRequest != 0,
            SubstituteId, Email, ApprovalAdministrator != 0);

        private static string Text(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

        private static decimal Amount(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

        private static long Flag(bool value) => value ? 1 : 0;
    }
}
