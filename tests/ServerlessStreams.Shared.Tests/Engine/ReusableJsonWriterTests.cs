using ServerlessStreams.Engine;

namespace ServerlessStreams.Shared.Tests.Engine;

public class ReusableJsonWriterTests
{
    [Fact]
    public void Consecutive_documents_do_not_leak_into_each_other()
    {
        var first = ReusableJsonWriter.Write("a-long-value", static (w, v) => w.WriteStringValue(v));
        var second = ReusableJsonWriter.Write(7, static (w, v) => w.WriteNumberValue(v));

        Assert.Equal("\"a-long-value\"", first);
        Assert.Equal("7", second);
    }

    [Fact]
    public void A_document_written_while_another_is_being_written_gets_its_own_buffer()
    {
        var outer = ReusableJsonWriter.Write(0, static (w, _) =>
        {
            w.WriteStartObject();
            w.WriteString("inner", ReusableJsonWriter.Write(1, static (inner, v) => inner.WriteNumberValue(v)));
            w.WriteEndObject();
        });

        Assert.Equal("{\"inner\":\"1\"}", outer);
    }
}
