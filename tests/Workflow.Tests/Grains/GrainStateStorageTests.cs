using Dapper;
using Workflow.Engine.Grains;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Grains;

public interface IShapeGrain : IGrain
{
    Task Save(ShapeState state);
    Task<ShapeState> Load();
}

public sealed record ShapeEntry(string Name, IReadOnlyList<string> Tags);

/// <summary>State with every kind of collection and null the storage format has to keep apart.</summary>
public sealed class ShapeState
{
    public List<string> EmptyByDefault { get; set; } = [];
    public List<string>? NullByDefault { get; set; }
    public Dictionary<string, string> Map { get; set; } = new();
    public List<string> NonEmptyByDefault { get; set; } = ["seed"];
    public List<ShapeEntry> Entries { get; set; } = [];
    public string? Note { get; set; }
}

public sealed class ShapeGrain : Grain<ShapeState>, IShapeGrain
{
    public Task Save(ShapeState state)
    {
        State = state;
        return WriteStateAsync();
    }

    public Task<ShapeState> Load() => Task.FromResult(State);
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
            await writer.Runtime.GetGrain<IShapeGrain>("tenant-a", "shape").Save(saved);

        await using var reader = await StartAsync(database);
        var loaded = await reader.Runtime.GetGrain<IShapeGrain>("tenant-a", "shape").Load();
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

    private static Task<TestNode> StartAsync(TestDatabase database) =>
        TestNode.StartAsync(database, registerGrains: grains => grains.Add<IShapeGrain, ShapeGrain>("shape"));
}
