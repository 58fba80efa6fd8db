using Microsoft.Extensions.Logging;

namespace ServerlessStreams.Functions.Hosting;

public sealed class CustomHandlerServerOptions
{
    /// <summary>The variable the Functions host sets to the port it will call.</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>The loopback port to listen on; 0 picks a free one (read it back from <see cref="CustomHandlerServer.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>Kafka batches of large records are big; the Kestrel default of 30 MB is too small for maxBatchSize × 1 MB.</summary>
    public long MaxRequestBodyBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Where server and handler errors are logged; none by default.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>The port from <see cref="PortVariable"/>, as the Functions host passes it.</summary>
    /// <exception cref="InvalidOperationException">The variable is missing or not a port number.</exception>
    public static CustomHandlerServerOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var text = getVariable(PortVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidOperationException(
                $"{PortVariable} is not set: the Functions host sets it when it starts the custom handler; set it yourself to run the handler alone.");
        }
        if (!int.TryParse(text, out var port) || port is < 0 or > 65535)
        {
            throw new InvalidOperationException($"{PortVariable} is '{text}', which is not a port number (0..65535).");
        }
        return new CustomHandlerServerOptions { Port = port };
    }
}
