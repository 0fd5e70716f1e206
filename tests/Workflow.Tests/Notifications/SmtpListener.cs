using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace Workflow.Tests.Notifications;

/// <summary>
/// A small SMTP server of the tests' own, on loopback and a free port: enough of RFC 5321 for MailKit (EHLO/HELO, MAIL,
/// RCPT, DATA, RSET, NOOP, QUIT), recording each message it accepts. It can refuse mail (a 451 to MAIL FROM) or be
/// stopped, so that deliveries fail as they do when the real server is unwell.
/// </summary>
public sealed class SmtpListener : IAsyncDisposable
{
    private TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<MimeMessage> _messages = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private Task _accepting = Task.CompletedTask;

    private SmtpListener(int port)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
    }

    public int Port { get; private set; }

    /// <summary>While true, MAIL FROM is answered with a transient refusal.</summary>
    public bool Refusing { get; set; }

    public static SmtpListener Start(int port = 0)
    {
        var listener = new SmtpListener(port);
        listener.Listen();
        return listener;
    }

    private void Listen()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The messages accepted so far.</summary>
    public IReadOnlyList<MimeMessage> Messages
    {
        get { lock (_messages) return _messages.ToList(); }
    }

    /// <summary>Waits until <paramref name="count"/> messages have arrived in all; fails after a bounded wait.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (Messages.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
                throw new TimeoutException($"{count} message(s) expected, {Messages.Count} arrived.");
        }
        return Messages;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return; // stopped
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.Latin1);
            await using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 localhost test SMTP");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "HELO" or "RSET" or "NOOP" or "RCPT":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "MAIL":
                        await writer.WriteLineAsync(Refusing ? "451 4.3.0 Test server refuses mail for now" : "250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        var message = await MimeMessage.LoadAsync(new MemoryStream(Encoding.Latin1.GetBytes(data.ToString())));
                        lock (_messages)
                            _messages.Add(message);
                        await writer.WriteLineAsync("250 OK queued");
                        _arrived.Release();
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Stops listening: connections are refused until <see cref="Restart"/>.</summary>
    public void Stop() => _listener.Stop();

    /// <summary>Listens again on the same port.</summary>
    public void Restart()
    {
        _listener.Dispose();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception)
        {
        }
        _listener.Dispose();
    }
}
