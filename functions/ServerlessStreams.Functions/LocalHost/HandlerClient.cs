using System.Net.Http.Headers;
using System.Text.Json;
using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Functions.LocalHost;

/// <summary>
/// Calls the custom handler the way the Functions host does: <c>POST /{functionName}</c> with the invocation payload
/// and an invocation id header. A non-2xx status, or a body that is not a JSON object, fails the invocation.
/// </summary>
public sealed class HandlerClient(HttpClient http, Uri handlerBaseAddress)
{
    private const int ErrorTextLimit = 2000;

    public async Task<InvocationOutcome> InvokeAsync(
        string functionName, InvocationPayload payload, string invocationId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(handlerBaseAddress, functionName))
        {
            Content = new ReadOnlyMemoryContent(payload.Utf8Body)
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } },
            },
        };
        request.Headers.Add(InvocationRequest.InvocationIdHeader, invocationId);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return InvocationOutcome.Failure(0, $"the handler at {handlerBaseAddress} did not answer: {e.Message}");
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return InvocationOutcome.Failure(0, $"the handler at {handlerBaseAddress} timed out: {e.Message}");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return InvocationOutcome.Failure(status, $"{functionName} answered {status}: {Shorten(body)}");
            }
            if (!IsJsonObject(body))
            {
                return InvocationOutcome.Failure(status, $"{functionName} answered {status} with a body that is not a JSON object: {Shorten(body)}");
            }
            return InvocationOutcome.Success(status);
        }
    }

    private static bool IsJsonObject(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length <= ErrorTextLimit ? text : text[..ErrorTextLimit] + "...";
}
