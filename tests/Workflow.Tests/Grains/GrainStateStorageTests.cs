using Dapper;
using Orleans;
using Workflow.Engine.Grains;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Grains;

[Alias("test.shape")]
public interface IShapeGrain : IGrainWithStringKey
{
    Task Save(ShapeState state);
    Task<ShapeState> Load();
}

[GenerateSerializer]
public sealed record ShapeEntry(string Name, IReadOnlyList<string> Tags);

/// <summary>State with every kind of collection and null the storage format has to keep apart.</summary>
[GenerateSerializer]
public sealed class ShapeState : StateWithSideRows
{
    [Id(0)] public List<string> EmptyByDefault { get; set; } = [];
    [Id(1)] public List<string>? NullByDefault { get; set; }
    [Id(2)] public Dictionary<string, string> Map { get; set; } = new();
    [Id(3)] public List<string> NonEmptyByDefault { get; set; } = ["seed"];
    [Id(4)] public List<ShapeEntry> Entries { get; set; } = [];
    [Id(5)] public string? Note { get; set; }
}

[GrainType("test-shape")]
public sealed class ShapeGrain([PersistentState("state", WorkflowGrainStorage.Name)] IPersistentState<ShapeState> state) : Grain, IShapeGrain
{
    public Task Save(ShapeState saved)
    {
        state.State = saved;
        return state.WriteStateAsync();
    }

    public Task<ShapeState> Load() => Task.FromResult(state.State);
}

public sealed class GrainStateStorageTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stored_state_leaves_out_only_what_reads_back_the_same(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var saved = new ShapeState
        {
            EmptyByDefault = [],
            NullByDefault = [], // empty, but a fresh object holds null: must be kept
            Map = new() { ["k"] = "v" },
            NonEmptyByDefault = [], // empty, but a fresh object holds ["seed"]: must be kept
            Entries = [new ShapeEntry("e", [])],
            Note = null,
        };
        await using (var writer = await StartAsync(database))
            await writer.Grains.GetTenantGrain<IShapeGrain>("tenant-a", "shape").Save(saved);

        await using var reader = await StartAsync(database);
        var loaded = await reader.Grains.GetTenantGrain<IShapeGrain>("tenant-a", "shape").Load();
        Assert.Empty(loaded.EmptyByDefault);
        Assert.NotNull(loaded.NullByDefault);
        Assert.Empty(loaded.NullByDefault);
        Assert.Equal("v", loaded.Map["k"]);
        Assert.Empty(loaded.NonEmptyByDefault);
        Assert.Empty(Assert.Single(loaded.Entries).Tags);
        Assert.Null(loaded.Note);

        await using var connection = await reader.Storage.OpenConnectionAsync();
        var payload = await connection.ExecuteScalarAsync<string>("SELECT payload FROM grain_state WHERE grain_key = 'shape'");
        Assert.DoesNotContain("emptyByDefault", payload);
        Assert.DoesNotContain("note", payload);
        Assert.Contains("\"nullByDefault\":[]", payload);
        Assert.Contains("\"nonEmptyByDefault\":[]", payload);
    }

    private static Task<TestNode> StartAsync(TestDatabase database) => TestNode.StartAsync(database);
}
