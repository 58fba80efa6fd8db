using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Engine;
using Confluent.Kafka;
using Election;
using ServerlessStreams.Local;
using ServerlessStreams.Segments;

namespace ServerlessStreams.EndToEnd.Tests;

/// <summary>
/// Votes ingested over HTTP into the election job: the built app's ingestion function, called through the local host,
/// produces them to the embedded Kafka; the stage functions count them.
/// </summary>
public sealed class IngestionPipelineTests
{
    private static readonly LocalPipelineOptions Fast = new()
    {
        MaxBatchWait = TimeSpan.FromMilliseconds(100),
        ConsumerSessionTimeout = TimeSpan.FromSeconds(6),
    };

    [Fact]
    public async Task Ingested_votes_are_counted_once_even_when_the_request_is_retried()
    {
        // The generator's malformed lines and unreadable times are what ingestion refuses; the rest are taken.
        var votes = VoteGenerator.Generate(300, seed: 21).Where(Ingestible).ToList();
        await using var pipeline = await LocalPipeline.StartAsync(ElectionJob.Load(), Fast);
        var body = string.Join('\n', votes) + "\n";

        var (status, first) = await pipeline.IngestAsync("votes", body, "application/x-ndjson", "batch-1");
        var (retryStatus, retry) = await pipeline.IngestAsync("votes", body, "application/x-ndjson", "batch-1");
        var (badStatus, bad) = await pipeline.IngestAsync("votes", "[{\"voterId\":\"x\"}, 7]", "application/json", "batch-2");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(HttpStatusCode.Accepted, retryStatus);
        Assert.Equal(votes.Count, first["records"]!.GetValue<int>());
        Assert.Equal(votes.Count, first["partitions"]!.AsArray().Sum(p => p!["records"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Equal(1, bad["records"]![0]!["index"]!.GetValue<int>());

        // Both requests are on the topic, with the same keys and segment ids.
        var onTopic = ReadAll(pipeline.BootstrapServers, "votes", votes.Count * 2);
        var ids = onTopic.Select(m => Encoding.UTF8.GetString(m.Headers.GetLastBytes(SegmentId.HeaderName))).ToList();
        Assert.Equal(votes.Count, ids.Distinct().Count());
        Assert.All(ids.GroupBy(id => id), g => Assert.Equal(2, g.Count()));
        Assert.Contains("ingest/votes/batch-1/0", ids);
        Assert.All(onTopic, m => Assert.StartsWith("batch-1/", m.Key, StringComparison.Ordinal));

        pipeline.StartTriggers();
        await pipeline.WaitForDrainAsync(votes.Count * 2, TimeSpan.FromSeconds(120));
        Assert.Equal(ElectionOracle.Total(votes), await PipelineResults.TotalAsync(pipeline));
    }

    internal static bool Ingestible(string line)
    {
        try
        {
            return JsonNode.Parse(line) is JsonObject vote && vote["eventTime"] is JsonValue time
                && time.TryGetValue(out string? text) && WindowValues.TryParseTime(text, out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static List<Message<string, string>> ReadAll(string bootstrap, string topic, int count)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "ingest-test-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var messages = new List<Message<string, string>>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (messages.Count < count && DateTime.UtcNow < deadline)
            if (consumer.Consume(TimeSpan.FromSeconds(1)) is { Message: { } message }) messages.Add(message);
        consumer.Close();
        Assert.Equal(count, messages.Count);
        return messages;
    }
}
