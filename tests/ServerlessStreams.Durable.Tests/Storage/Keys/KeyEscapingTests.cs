using CsCheck;
using ServerlessStreams.Durable.Storage.Keys;

namespace ServerlessStreams.Durable.Tests.Storage.Keys;

public sealed class KeyEscapingTests
{
    private static readonly Gen<string> AnyText = Gen.String[Gen.Char, 0, 40]
        .Where(s => !HasLoneSurrogate(s));

    private static readonly Gen<string> TrickyText = Gen.String[Gen.Char["~|/\\#?%'\"aA09-_. \t\n\u0000\u007F\u0085é日"], 0, 12];

    [Theory]
    [InlineData("plain-Text_1.0", "plain-Text_1.0")]
    [InlineData("a/b", "a~2Fb")]
    [InlineData("~", "~7E")]
    [InlineData("a|b", "a~7Cb")]
    [InlineData("\"Alice\"", "~22Alice~22")]
    [InlineData("é", "~C3~A9")]
    [InlineData("😀", "~F0~9F~98~80")]
    [InlineData("\t\n", "~09~0A")]
    public void Escapes_every_character_outside_letters_digits_dash_underscore_dot(string text, string escaped)
    {
        Assert.Equal(escaped, KeyEscaping.Escape(text));
        Assert.Equal(text, KeyEscaping.Unescape(escaped));
    }

    [Fact]
    public void Escaping_round_trips_any_text()
    {
        AnyText.Run(text => Assert.Equal(text, KeyEscaping.Unescape(KeyEscaping.Escape(text))), cases: 5_000);
        TrickyText.Run(text => Assert.Equal(text, KeyEscaping.Unescape(KeyEscaping.Escape(text))), cases: 5_000);
    }

    [Fact]
    public void Escaped_text_holds_only_safe_characters_and_never_the_hash_marker()
    {
        AnyText.Run(text =>
        {
            var escaped = KeyEscaping.Escape(text);
            Assert.All(escaped, c => Assert.True(KeyEscaping.IsSafe(c) || c == KeyEscaping.EscapeChar, $"'{c}' in '{escaped}'"));
            Assert.DoesNotContain(KeyHashing.HashedMarker, escaped, StringComparison.Ordinal);
        }, cases: 5_000);
    }

    [Fact]
    public void Different_texts_never_escape_alike()
    {
        Gen.Select(TrickyText, TrickyText).Where(p => p.Item1 != p.Item2)
            .Run(p => Assert.NotEqual(KeyEscaping.Escape(p.Item1), KeyEscaping.Escape(p.Item2)), cases: 10_000);
    }

    [Fact]
    public void A_lone_surrogate_is_rejected_with_its_position()
    {
        var error = Assert.Throws<ArgumentException>(() => KeyEscaping.Escape("ab\uD800"));
        Assert.Contains("index 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("~7")]
    [InlineData("~zz")]
    [InlineData("~7e")]
    [InlineData("a/b")]
    [InlineData("~FF")]
    public void Unescaping_text_that_was_not_escaped_fails_clearly(string text)
    {
        var error = Assert.Throws<FormatException>(() => KeyEscaping.Unescape(text));
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }
}
