using MailKit.Security;

namespace Workflow.Engine.Notifications;

/// <summary>How notifications are dispatched. Bound from the <c>Notifications</c> configuration section.</summary>
public sealed class NotificationOptions
{
    /// <summary>How often the dispatcher looks for entries whose time has come (a polling cadence on real time).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a node may deliver one recipient's entries before another node may take over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait after the first failed attempt; it doubles with each further failure.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The method of a user who has no setup of their own for a notification type. Unset, it is Business Central's
    /// default, <see cref="NotificationMethod.Email"/>, when the server has an e-mail channel (an SMTP host), and
    /// <see cref="NotificationMethod.LivePush"/> when it has none: a default every notification would fail by helps nobody.
    /// </summary>
    public NotificationMethod? DefaultMethod { get; set; }

    /// <summary>The SMTP server e-mail goes through; without a host the e-mail method has no channel.</summary>
    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary>The SMTP server e-mail notifications go through (<c>Notifications:Smtp</c>).</summary>
public sealed class SmtpOptions
{
    /// <summary>The server's host name; empty means no e-mail is sent.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>The sender address, e.g. <c>Workflow &lt;workflow@example.com&gt;</c>.</summary>
    public string From { get; set; } = "workflow@localhost";

    /// <summary>
    /// TLS: <c>None</c>, <c>StartTls</c> (required), <c>StartTlsWhenAvailable</c>, <c>SslOnConnect</c> (port 465), or
    /// <c>Auto</c> (MailKit picks by port).
    /// </summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;

    /// <summary>User name for SMTP authentication; none means no authentication.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>How long one SMTP operation may take before the attempt counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
