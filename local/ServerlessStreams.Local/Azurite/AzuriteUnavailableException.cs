namespace ServerlessStreams.Local.Azurite;

/// <summary>Azurite cannot be found or did not start; the message says why and how to install it.</summary>
internal sealed class AzuriteUnavailableException : InvalidOperationException
{
    public AzuriteUnavailableException(string detail, Exception? inner = null)
        : base($"Azurite is not available: {detail}. If it is not installed, run `npm ci` at the repository root (package.json pins azurite; Node.js must be on PATH).", inner)
    {
    }
}
