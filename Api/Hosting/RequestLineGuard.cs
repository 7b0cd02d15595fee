using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Zhuji.Api.Hosting;

/// <summary>
/// Kestrel refuses a request target carrying an encoded NUL (<c>%00</c>) itself, before the API runs, with a bare
/// 400 and no body. This connection middleware reads the first request line of a connection before Kestrel
/// does (without consuming it) and answers such a request as the API answers bad input: problem+json with the
/// contract's code and a zh-CN title. Everything else passes through untouched.
/// </summary>
internal static class RequestLineGuard
{
    private const int MaxLine = 16 * 1024;

    public static void Configure(KestrelServerOptions kestrel) =>
        kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Use(next => async connection =>
        {
            if (await HasNulTargetAsync(connection))
            {
                await RefuseAsync(connection);
                return;
            }

            await next(connection);
        }));

    private static async Task<bool> HasNulTargetAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var read = await input.ReadAsync(connection.ConnectionClosed);
            var buffer = read.Buffer;
            var end = buffer.PositionOf((byte)'\n');
            if (end is not null || read.IsCompleted || buffer.Length >= MaxLine)
            {
                var line = Encoding.Latin1.GetString(buffer.Slice(0, end ?? buffer.End).ToArray());
                input.AdvanceTo(buffer.Start);
                return line.Contains("%00", StringComparison.Ordinal);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static async Task RefuseAsync(ConnectionContext connection)
    {
        var body = Encoding.UTF8.GetBytes("""{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"请求地址含有非法字符","status":400,"code":"validation_failed","errors":{"path":["请求地址含有非法字符"]}}""");
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await connection.Transport.Output.WriteAsync(head);
        await connection.Transport.Output.WriteAsync(body);
        await connection.Transport.Output.CompleteAsync();
    }
}
