using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Workflow.Engine.Errors;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Identity;

/// <summary>
/// Tenants, users and API tokens. Every query that reads or changes a user or token takes the tenant id, so nothing here
/// can cross tenants. Tokens are stored as SHA-256 hashes: they are 256-bit random secrets, so a fast hash is enough.
/// </summary>
public sealed class IdentityStore(IStorageProvider storage, TimeProvider clock)
{
    private const string TokenPrefix = "wf_";

    public async Task<bool> AnyTenantAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM tenants", cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Creates a tenant with its first administrator, in one transaction.</summary>
    public async Task<(Tenant Tenant, WorkflowUser Administrator)> CreateTenantAsync(
        string tenantId, string name, bool isSystem, string adminUserId, string adminDisplayName, CancellationToken cancellationToken = default)
    {
        IdentityRules.CheckTenantId("tenantId", tenantId);
        IdentityRules.CheckName("name", name);
        IdentityRules.CheckUserId("administrator.userId", adminUserId);
        IdentityRules.CheckName("administrator.displayName", adminDisplayName);
        var now = Now();
        var tenant = new Tenant(tenantId, name.Trim(), isSystem, now);
        var admin = new WorkflowUser(tenantId, IdentityRules.NormalizeUserId(adminUserId), adminDisplayName.Trim(), true, now);

        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO tenants (tenant_id, name, is_system, created_at_ms) VALUES (@TenantId, @Name, @IsSystem, @CreatedAt)",
                new { tenant.TenantId, tenant.Name, IsSystem = isSystem ? 1 : 0, CreatedAt = now.ToUnixTimeMilliseconds() },
                transaction, cancellationToken: cancellationToken));
            await InsertUserAsync(connection, transaction, admin, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception exception) when (storage.IsUniqueViolation(exception))
        {
            throw new ConflictException($"Tenant '{tenantId}' already exists.");
        }
        return (tenant, admin);
    }

    public async Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string TenantId, string Name, long IsSystem, long CreatedAt)>(new CommandDefinition(
            "SELECT tenant_id, name, is_system, created_at_ms FROM tenants ORDER BY tenant_id", cancellationToken: cancellationToken));
        return rows.Select(r => new Tenant(r.TenantId, r.Name, r.IsSystem != 0, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt))).ToList();
    }

    public async Task<WorkflowUser> CreateUserAsync(
        string tenantId, string userId, string displayName, bool isAdministrator, CancellationToken cancellationToken = default, string? email = null, string? timeZone = null)
    {
        IdentityRules.CheckUserId("userId", userId);
        IdentityRules.CheckName("displayName", displayName);
        email = CheckEmail(email);
        timeZone = CheckTimeZone(timeZone);
        var user = new WorkflowUser(tenantId, IdentityRules.NormalizeUserId(userId), displayName.Trim(), isAdministrator, Now(), email, timeZone);
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        try
        {
            await InsertUserAsync(connection, null, user, cancellationToken);
        }
        catch (Exception exception) when (storage.IsUniqueViolation(exception))
        {
            throw new ConflictException($"User '{user.UserId}' already exists.");
        }
        return user;
    }

    /// <summary>
    /// Changes a user's display name, e-mail address and time zone; a null leaves that one as it is, an empty e-mail
    /// removes it, an empty time zone sets UTC again. Returns null when the user does not exist.
    /// </summary>
    public async Task<WorkflowUser?> UpdateUserAsync(
        string tenantId, string userId, string? displayName, string? email, CancellationToken cancellationToken = default, string? timeZone = null)
    {
        if (displayName is not null)
            IdentityRules.CheckName("displayName", displayName);
        var newEmail = email is null ? null : CheckEmail(email) ?? "";
        var newTimeZone = timeZone is null ? null : CheckTimeZone(timeZone) ?? "";
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE users SET display_name = COALESCE(@DisplayName, display_name),
                email = CASE WHEN @Email IS NULL THEN email WHEN @Email = '' THEN NULL ELSE @Email END,
                time_zone = CASE WHEN @TimeZone IS NULL THEN time_zone WHEN @TimeZone = '' THEN NULL ELSE @TimeZone END
            WHERE tenant_id = @TenantId AND user_id = @UserId
            """,
            new { TenantId = tenantId, UserId = IdentityRules.NormalizeUserId(userId), DisplayName = displayName?.Trim(), Email = newEmail, TimeZone = newTimeZone },
            cancellationToken: cancellationToken));
        return changed == 0 ? null : await FindUserAsync(tenantId, userId, cancellationToken);
    }

    /// <summary>The IANA id as given, or null for none (UTC); a zone this server does not know is refused, naming the field.</summary>
    private static string? CheckTimeZone(string? timeZone)
    {
        if (string.IsNullOrWhiteSpace(timeZone))
            return null;
        if (IdentityRules.TimeZoneProblem(timeZone.Trim()) is { } reason)
            throw new ValidationFailedException("timeZone", reason);
        // UTC is what no time zone means: stored as none, so there is one way to say it.
        return timeZone.Trim() == IdentityRules.DefaultTimeZone ? null : timeZone.Trim();
    }

    private static string? CheckEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
            return null;
        if (IdentityRules.EmailProblem(email.Trim()) is { } reason)
            throw new ValidationFailedException("email", reason);
        return email.Trim();
    }

    public async Task<WorkflowUser?> FindUserAsync(string tenantId, string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await QueryUsersAsync(connection, "WHERE tenant_id = @TenantId AND user_id = @UserId",
            new { TenantId = tenantId, UserId = IdentityRules.NormalizeUserId(userId) }, cancellationToken);
        return rows.SingleOrDefault();
    }

    public async Task<IReadOnlyList<WorkflowUser>> ListUsersAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return await QueryUsersAsync(connection, "WHERE tenant_id = @TenantId ORDER BY user_id", new { TenantId = tenantId }, cancellationToken);
    }

    /// <summary>Issues a token for a user of the tenant. <paramref name="secret"/> lets an operator fix the bootstrap token.</summary>
    public async Task<IssuedToken> IssueTokenAsync(string tenantId, string userId, string name, string? secret = null, CancellationToken cancellationToken = default)
    {
        IdentityRules.CheckName("name", name);
        var user = await FindUserAsync(tenantId, userId, cancellationToken)
            ?? throw new NotFoundException($"User '{IdentityRules.NormalizeUserId(userId)}' does not exist.");
        secret ??= TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var info = new ApiTokenInfo("tok_" + Base64Url(RandomNumberGenerator.GetBytes(9)), user.UserId, name.Trim(), Now(), null);

        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO api_tokens (token_hash, tenant_id, user_id, token_id, name, created_at_ms, revoked_at_ms)
                VALUES (@Hash, @TenantId, @UserId, @TokenId, @Name, @CreatedAt, NULL)
                """,
                new { Hash = Hash(secret), TenantId = tenantId, info.UserId, info.TokenId, info.Name, CreatedAt = info.CreatedAt.ToUnixTimeMilliseconds() },
                cancellationToken: cancellationToken));
        }
        catch (Exception exception) when (storage.IsUniqueViolation(exception))
        {
            throw new ConflictException("A token with this secret already exists.");
        }
        return new IssuedToken(info, secret);
    }

    public async Task<IReadOnlyList<ApiTokenInfo>> ListTokensAsync(string tenantId, string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string TokenId, string UserId, string Name, long CreatedAt, long? RevokedAt)>(new CommandDefinition(
            """
            SELECT token_id, user_id, name, created_at_ms, revoked_at_ms FROM api_tokens
            WHERE tenant_id = @TenantId AND user_id = @UserId ORDER BY created_at_ms, token_id
            """,
            new { TenantId = tenantId, UserId = IdentityRules.NormalizeUserId(userId) }, cancellationToken: cancellationToken));
        return rows.Select(r => new ApiTokenInfo(r.TokenId, r.UserId, r.Name, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt),
            r.RevokedAt is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null)).ToList();
    }

    /// <summary>Revokes a token of the tenant; false when the tenant has no such token.</summary>
    public async Task<bool> RevokeTokenAsync(string tenantId, string userId, string tokenId, CancellationToken cancellationToken = default)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE api_tokens SET revoked_at_ms = COALESCE(revoked_at_ms, @Now)
            WHERE tenant_id = @TenantId AND user_id = @UserId AND token_id = @TokenId
            """,
            new { TenantId = tenantId, UserId = IdentityRules.NormalizeUserId(userId), TokenId = tokenId, Now = Now().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return changed == 1;
    }

    /// <summary>The identity a bearer token stands for, or <see langword="null"/> for an unknown or revoked token.</summary>
    public async Task<CallerIdentity?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(TokenPrefix, StringComparison.Ordinal) && secret.Length < 16)
            return null;
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string? TenantId, string UserId, long IsAdministrator, long IsSystem, string TokenId)>(
            new CommandDefinition(
                """
                SELECT t.tenant_id, t.user_id, u.is_administrator, n.is_system, t.token_id
                FROM api_tokens t
                JOIN users u ON u.tenant_id = t.tenant_id AND u.user_id = t.user_id
                JOIN tenants n ON n.tenant_id = t.tenant_id
                WHERE t.token_hash = @Hash AND t.revoked_at_ms IS NULL
                """, new { Hash = Hash(secret) }, cancellationToken: cancellationToken));
        return row.TenantId is null ? null : new CallerIdentity(row.TenantId, row.UserId, row.IsAdministrator != 0, row.IsSystem != 0, row.TokenId);
    }

    private static Task InsertUserAsync(DbConnection connection, DbTransaction? transaction, WorkflowUser user, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO users (tenant_id, user_id, display_name, is_administrator, created_at_ms, email, time_zone)
            VALUES (@TenantId, @UserId, @DisplayName, @IsAdministrator, @CreatedAt, @Email, @TimeZone)
            """,
            new { user.TenantId, user.UserId, user.DisplayName, IsAdministrator = user.IsAdministrator ? 1 : 0, CreatedAt = user.CreatedAt.ToUnixTimeMilliseconds(), user.Email, user.TimeZone },
            transaction, cancellationToken: cancellationToken));

    private static async Task<IReadOnlyList<WorkflowUser>> QueryUsersAsync(DbConnection connection, string where, object parameters, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string TenantId, string UserId, string DisplayName, long IsAdministrator, long CreatedAt, string? Email, string? TimeZone)>(new CommandDefinition(
            $"SELECT tenant_id, user_id, display_name, is_administrator, created_at_ms, email, time_zone FROM users {where}", parameters, cancellationToken: cancellationToken));
        return rows.Select(r => new WorkflowUser(r.TenantId, r.UserId, r.DisplayName, r.IsAdministrator != 0, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), r.Email, r.TimeZone)).ToList();
    }

    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
