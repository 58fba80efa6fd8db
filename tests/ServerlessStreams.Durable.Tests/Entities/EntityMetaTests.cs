using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Engine;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Durable.Tests.Entities;

public class EntityMetaTests
{
    private static KeyStateCodec Codec()
    {
        var job = new JobSpec
        {
            Name = "j",
            Workflow = [new WorkflowEdge("in", "count")],
            Catalog =
            [
                new TaskSpec { Name = "in", Type = TaskType.Input, Medium = Medium.Kafka, Topic = "in" },
                new TaskSpec { Name = "count", Type = TaskType.Function },
            ],
            Windows = [new WindowSpec { Id = "w", Task = "count", Type = WindowType.Global, Aggregation = AggregationSpec.Count }],
        };
        return new KeyStateCodec(CompiledTask.Compile(job, job.Task("count"), new JobRegistry()));
    }

    [Fact]
    public void A_meta_row_written_with_the_largest_event_time_per_source_is_still_read()
    {
        const string old = """{"state":{"v":1,"arrival":3,"version":2,"session":0,"counts":{},"timers":{}},"hwm":{"in/0":41},"maxTime":{"in/0":1730793600000},"pending":{}}""";

        var meta = EntityMeta.Parse(old);

        Assert.Equal(new OriginPosition(41, 0), meta.HighWater["in/0"]);
        Assert.Equal(3, Codec().LoadMeta(meta.State).NextArrival);
    }

    [Fact]
    public void The_meta_row_keeps_only_what_is_read()
    {
        var codec = Codec();
        var meta = EntityMeta.Parse(null);
        meta.HighWater["in/0"] = new OriginPosition(7, 0);

        var written = JsonNode.Parse(meta.Serialize(codec, codec.LoadMeta(null)))!.AsObject();

        Assert.Equal(["state", "hwm", "pending"], written.Select(p => p.Key));
    }

    [Fact]
    public void A_position_is_its_offset_when_its_index_is_0_and_an_offset_and_index_otherwise()
    {
        var codec = Codec();
        var meta = EntityMeta.Parse(null);
        meta.HighWater["in/0"] = new OriginPosition(7, 0);
        meta.HighWater["in/1"] = new OriginPosition(9, 2);

        var written = meta.Serialize(codec, codec.LoadMeta(null));
        var read = EntityMeta.Parse(written);

        Assert.Equal("""{"in/0":7,"in/1":[9,2]}""", JsonNode.Parse(written)!["hwm"]!.ToJsonString());
        Assert.Equal(new OriginPosition(7, 0), read.HighWater["in/0"]);
        Assert.Equal(new OriginPosition(9, 2), read.HighWater["in/1"]);
    }
}
