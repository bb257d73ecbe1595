using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;

namespace Market.Api.Tests.TeamRoom;

/// <summary>
/// The SignalR JSON hub protocol over a raw WebSocket, as the browser's client speaks it (records end with 0x1E).
/// The .NET SignalR client is not in the package registry copy here, and this also pins the wire format the page relies on.
/// </summary>
public sealed class HubWire : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly WebSocket _socket;
    private readonly List<JsonElement> _received = [];
    private readonly StringBuilder _pending = new();
    private int _invocations;

    private HubWire(WebSocket socket) => _socket = socket;

    public static async Task<HubWire> ConnectAsync(TestServer server, string accessToken, string path = "/hubs/team-room")
    {
        var client = server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers.Authorization = "Bearer " + accessToken;
        var socket = await client.ConnectAsync(new Uri(server.BaseAddress, path), CancellationToken.None);
        var wire = new HubWire(socket);
        await wire.SendAsync(new { protocol = "json", version = 1 });
        var handshake = await wire.NextAsync(_ => true);
        Assert.False(handshake.TryGetProperty("error", out var error), $"handshake refused: {error}");
        return wire;
    }

    /// <summary>Calls a hub method and answers its result (or fails with the hub's error).</summary>
    public async Task<JsonElement> InvokeAsync(string target, params object[] arguments)
    {
        var id = (++_invocations).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(new { type = 1, invocationId = id, target, arguments });
        var completion = await NextAsync(m => m.GetProperty("type").GetInt32() == 3 && m.GetProperty("invocationId").GetString() == id);
        if (completion.TryGetProperty("error", out var error))
        {
            throw new HubWireException(error.GetString()!);
        }

        return completion.GetProperty("result");
    }

    /// <summary>The first message pushed with <paramref name="target"/> whose argument satisfies <paramref name="match"/>.</summary>
    public async Task<JsonElement> PushedAsync(string target, Func<JsonElement, bool> match, TimeSpan? within = null) =>
        (await NextAsync(m => m.GetProperty("type").GetInt32() == 1 && m.GetProperty("target").GetString() == target && match(m.GetProperty("arguments")[0]), within))
        .GetProperty("arguments")[0];

    private async Task SendAsync(object message) =>
        await _socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message) + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task<JsonElement> NextAsync(Func<JsonElement, bool> match, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var index = _received.FindIndex(m => match(m));
            if (index >= 0)
            {
                var found = _received[index];
                _received.RemoveAt(index);
                return found;
            }

            var buffer = new byte[64 * 1024];
            WebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(buffer, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("Nothing matching arrived; received: " + string.Join(" | ", _received.Select(m => m.GetRawText())));
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("The hub closed the connection.");
            }

            _pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            var text = _pending.ToString();
            var end = text.LastIndexOf(RecordSeparator);
            if (end < 0)
            {
                continue;
            }

            foreach (var record in text[..end].Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var message = JsonDocument.Parse(record).RootElement;
                if (!message.TryGetProperty("type", out var type) || type.GetInt32() != 6) // 6 = ping
                {
                    _received.Add(message);
                }
            }

            _pending.Clear().Append(text[(end + 1)..]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }

        _socket.Dispose();
    }
}

public sealed class HubWireException(string message) : Exception(message);
