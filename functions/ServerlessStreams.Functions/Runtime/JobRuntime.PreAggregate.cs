using System.Text.Json.Nodes;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Partitioning;
using ServerlessStreams.Segments;
using ServerlessStreams.Stages;

namespace ServerlessStreams.Functions.Runtime;

internal sealed partial class JobRuntime
{
    /// <summary>
    /// The internal records of a pre-aggregated task's inputs (in origin order): per key, its inputs in order, each run
    /// of inputs that can be slim and share an origin partition as one partial (<see cref="PartialRecords"/>), any
    /// other input alone, as it would go without pre-aggregation. A key's records keep its inputs' order, which the
    /// high-water marks rely on; different keys are different entities, whose records need no common order.
    /// </summary>
    private static void PreAggregate(FunctionStage stage, string topic, List<(Segment Input, StageOutput Output, int Index)> produced,
        List<OutgoingRecord> outputs)
    {
        var byKey = new Dictionary<GroupKey, List<(Segment Input, StageOutput Output, int Index)>>();
        var keys = new List<GroupKey>();
        foreach (var item in produced)
        {
            if (!byKey.TryGetValue(item.Output.Key, out var items))
            {
                byKey[item.Output.Key] = items = [];
                keys.Add(item.Output.Key);
            }
            items.Add(item);
        }
        foreach (var key in keys)
        {
            var run = new List<PartialRecords.Entry>();
            SourceCoordinates? runSource = null;
            foreach (var (input, output, index) in byKey[key])
            {
                var entry = SlimEntry(stage, input, output, index);
                if (entry is null || runSource is not { } source || source.Topic != input.Source.Topic || source.Partition != input.Source.Partition)
                    Flush(topic, key, runSource, run, outputs);
                if (entry is null)
                {
                    outputs.Add(InternalRecords.Encode(topic, input, output, index, carriesDedupeId: false));
                    runSource = null;
                    continue;
                }
                run.Add(entry);
                runSource = input.Source;
            }
            Flush(topic, key, runSource, run, outputs);
        }
    }

    private static void Flush(string topic, GroupKey key, SourceCoordinates? source, List<PartialRecords.Entry> run, List<OutgoingRecord> outputs)
    {
        if (run.Count == 0 || source is not { } origin) return;
        outputs.AddRange(PartialRecords.Encode(topic, key, origin.Topic, origin.Partition, run));
        run.Clear();
    }

    /// <summary>
    /// The input as a partial's entry, or null when it must go alone: its position does not identify it (its id was
    /// given upstream), or one of its results cannot be slim.
    /// </summary>
    private static PartialRecords.Entry? SlimEntry(FunctionStage stage, Segment input, StageOutput output, int index)
    {
        if (!input.Id.DescendsFromSource(input.Source.Topic, input.Source.Partition, input.Source.Offset)) return null;
        var slims = new JsonObject[output.Results.Count];
        double? eventTime = null;
        for (var i = 0; i < slims.Length; i++)
        {
            var result = output.Results[i];
            if (PreAggregation.Slim(stage.Machine, result) is not { } slim) return null;
            slims[i] = slim;
            if (result.EventTime is { } t && (eventTime is null || t > eventTime)) eventTime = t;
        }
        return new PartialRecords.Entry(new OriginPosition(input.Source.Offset, index), slims, eventTime);
    }
}
