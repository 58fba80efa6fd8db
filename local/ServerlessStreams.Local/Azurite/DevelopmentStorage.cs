namespace ServerlessStreams.Local.Azurite;

/// <summary>The well-known development storage account that Azurite serves, and its connection strings.</summary>
internal static class DevelopmentStorage
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's published development key; not a secret.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public const int DefaultBlobPort = 10000;
    public const int DefaultQueuePort = 10001;
    public const int DefaultTablePort = 10002;

    public static string ConnectionString(string host, int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://{host}:{blobPort}/{AccountName};" +
        $"QueueEndpoint=http://{host}:{queuePort}/{AccountName};" +
        $"TableEndpoint=http://{host}:{tablePort}/{AccountName};";
}
