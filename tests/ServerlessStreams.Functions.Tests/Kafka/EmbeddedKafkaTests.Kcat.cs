using System.Text;
using Confluent.Kafka;
using ServerlessStreams.Local.Kafka;

namespace ServerlessStreams.Functions.Tests.Kafka;

public sealed partial class EmbeddedKafkaTests
{
    [Fact]
    public async Task RecordsProducedByKcat_AreReadByAConfluentConsumer()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("from-kcat", 2);
        var lines = string.Join('\n', Enumerable.Range(0, 10).Select(i => $"voter-{i}|{{\"vote\":{i}}}")) + "\n";

        await Kcat.RunAsync(["-P", "-b", kafka.BootstrapServers, "-t", "from-kcat", "-K", "|", "-H", "ss-id=kcat-batch"], lines);

        var records = KafkaTestClients.ReadAll(kafka.BootstrapServers, "from-kcat", 2, expected: 10);
        Assert.Equal(
            Enumerable.Range(0, 10).Select(i => $"voter-{i}={{\"vote\":{i}}}").Order(),
            records.Select(r => $"{KafkaTestClients.Text(r.Message.Key)}={KafkaTestClients.Text(r.Message.Value)}").Order());
        Assert.All(records, r => Assert.Equal("kcat-batch", Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes("ss-id"))));
    }

    [Fact]
    public async Task RecordsProducedByConfluent_AreReadByKcat()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("to-kcat", 1);
        using (var producer = KafkaTestClients.Producer(kafka.BootstrapServers))
        {
            for (var i = 0; i < 5; i++)
            {
                await producer.ProduceAsync("to-kcat", new Message<string?, string> { Key = $"k{i}", Value = $"v{i}" });
            }
        }

        var output = await Kcat.RunAsync(["-C", "-b", kafka.BootstrapServers, "-t", "to-kcat", "-o", "beginning", "-e", "-q", "-f", "%k=%s@%o\\n"]);

        Assert.Equal(
            Enumerable.Range(0, 5).Select(i => $"k{i}=v{i}@{i}"),
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
