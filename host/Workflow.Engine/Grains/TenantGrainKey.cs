namespace Workflow.Engine.Grains;

/// <summary>
/// The string key of every engine grain: its tenant, a slash, and its key within the tenant (<c>contoso/PURCHASE-INVOICE/PI-1</c>).
/// Tenant ids hold no slash, so the first one separates them; the rest of the key may hold slashes of its own.
/// </summary>
public static class TenantGrainKey
{
    public static string For(string tenantId, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (tenantId.Contains('/'))
            throw new ArgumentException($"Tenant id '{tenantId}' holds a slash.", nameof(tenantId));
        return $"{tenantId}/{key}";
    }

    public static (string TenantId, string Key) Parse(string grainKey)
    {
        var slash = grainKey.IndexOf('/');
        if (slash <= 0 || slash == grainKey.Length - 1)
            throw new FormatException($"'{grainKey}' is not a tenant grain key.");
        return (grainKey[..slash], grainKey[(slash + 1)..]);
    }

    /// <summary>A reference to the grain <paramref name="key"/> of <paramref name="tenantId"/>.</summary>
    public static TGrain GetTenantGrain<TGrain>(this IGrainFactory grains, string tenantId, string key) where TGrain : IGrainWithStringKey
    {
        // Orleans resolves an interface to its grain type by reading the interface's attributes on every GetGrain<T>(key)
        // (a few percent of a round trip's CPU); the pair is fixed per interface, so it is resolved once.
        var types = GrainTypesOf<TGrain>.Resolved;
        if (types is null)
        {
            var first = grains.GetGrain<TGrain>(For(tenantId, key));
            var reference = (GrainReference)(object)first;
            GrainTypesOf<TGrain>.Resolved = new GrainTypes(reference.GrainId.Type, reference.InterfaceType);
            return first;
        }
        return (TGrain)grains.GetGrain(GrainId.Create(types.Grain, For(tenantId, key)), types.Interface);
    }

    // A class, so that a thread reading it while another sets it sees the whole pair or nothing.
    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface);

    private static class GrainTypesOf<TGrain>
    {
        public static GrainTypes? Resolved;
    }
}
