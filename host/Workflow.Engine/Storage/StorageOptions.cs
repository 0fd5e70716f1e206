namespace Workflow.Engine.Storage;

/// <summary>Where the engine keeps its data. Bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    /// <summary>
    /// A PostgreSQL connection string (<c>Host=...;Database=...</c>) selects PostgreSQL; a SQLite one
    /// (<c>Data Source=...</c>) or none selects SQLite, in <see cref="DataDirectory"/> when none is given.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder of the embedded SQLite database; relative paths are taken from the current directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// The most grain turns' write batches one transaction commits (group commit). Larger groups mean fewer flushes under
    /// load and a longer wait for the last batch of a group.
    /// </summary>
    public int MaxBatchesPerCommit { get; set; } = 256;

    /// <summary>Writers committing batches at once; by default the provider's <see cref="IStorageProvider.ConcurrentWriters"/>.</summary>
    public int? CommitWriters { get; set; }
}
