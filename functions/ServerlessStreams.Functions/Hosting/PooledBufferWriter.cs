using System.Buffers;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over arrays rented from <see cref="ArrayPool{T}.Shared"/>, so the large
/// intermediate buffers of an invocation payload are reused rather than allocated on the large object heap.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;

    public PooledBufferWriter(int initialCapacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
    }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public int WrittenCount => _written;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _written += bytes.Length;
    }

    /// <summary>Appends <paramref name="utf8"/> as JSON string contents (see <see cref="JsonStringEscaping.Escape"/>).</summary>
    public void WriteEscaped(ReadOnlySpan<byte> utf8, bool twice)
    {
        var bound = (long)utf8.Length * JsonStringEscaping.MaxExpansion;
        if (bound > Array.MaxLength) throw new OutOfMemoryException($"an invocation payload cannot exceed {Array.MaxLength} bytes");
        _written += JsonStringEscaping.Escape(utf8, GetSpan((int)bound), twice);
    }

    /// <summary>Forgets what was written but keeps the buffer.</summary>
    public void Clear() => _written = 0;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _buffer.Length - _written)
        {
            throw new InvalidOperationException($"cannot advance {count} bytes past the end of the buffer");
        }
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Hands the rented buffer to the caller, who must return it to the pool; this writer is then empty.</summary>
    public byte[] Detach()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        return buffer;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }

    private void EnsureFree(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed) return;

        var required = (long)_written + needed;
        var doubled = Math.Max((long)_buffer.Length * 2, 256);
        var capacity = Math.Min(Math.Max(required, doubled), Array.MaxLength);
        if (capacity < required)
        {
            throw new OutOfMemoryException($"an invocation payload cannot exceed {Array.MaxLength} bytes");
        }
        var bigger = ArrayPool<byte>.Shared.Rent((int)capacity);
        _buffer.AsSpan(0, _written).CopyTo(bigger);
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
