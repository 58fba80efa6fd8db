using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace ServerlessStreams.Durable.Leases;

/// <summary>Leases as Azure blob leases (15–60 s, or infinite), one empty blob per lease name.</summary>
internal sealed class BlobLeaseProvider(BlobServiceClient service, string containerName = "serverlessstreams-leases") : ILeaseProvider
{
    private readonly Lazy<Task<BlobContainerClient>> _container = new(async () =>
    {
        var container = service.GetBlobContainerClient(containerName);
        await container.CreateIfNotExistsAsync();
        return container;
    });

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan duration, CancellationToken ct)
    {
        var container = await _container.Value;
        var blob = container.GetBlobClient(name);
        if (!await blob.ExistsAsync(ct))
        {
            try
            {
                await blob.UploadAsync(BinaryData.Empty, overwrite: false, ct);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Created by another instance at the same moment, or leased already.
            }
        }
        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(Clamp(duration), cancellationToken: ct);
            return new Release(lease);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
    }

    private static TimeSpan Clamp(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(15) ? TimeSpan.FromSeconds(15) : duration > TimeSpan.FromSeconds(60) ? TimeSpan.FromSeconds(60) : duration;

    private sealed class Release(BlobLeaseClient lease) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await lease.ReleaseAsync();
            }
            catch (RequestFailedException)
            {
                // Expired and taken by another holder meanwhile: nothing to release.
            }
        }
    }
}
