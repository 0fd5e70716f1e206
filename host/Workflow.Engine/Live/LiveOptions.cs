namespace Workflow.Engine.Live;

/// <summary>How long users' live feeds are kept. Bound from the <c>Live</c> configuration section.</summary>
public sealed class LiveOptions
{
    /// <summary>
    /// How long a feed message is kept; older ones are removed by <see cref="FeedRetention"/>, and a client asking for
    /// missed messages from before that is told to reload its lists (<see cref="FeedMessageType.ReloadRequired"/>).
    /// </summary>
    public TimeSpan FeedRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How often each node runs the retention pass (a cadence on real time); <see cref="Timeout.InfiniteTimeSpan"/> turns
    /// it off.
    /// </summary>
    public TimeSpan FeedRetentionInterval { get; set; } = TimeSpan.FromHours(1);
}
