using Slipway.Engine.Output;

namespace Slipway.Engine.Tests;

public sealed class SecretMaskingWriterTests
{
    private static (SecretMaskingWriter Writer, StringWriter Inner) Create(params string[] secrets)
    {
        var inner = new StringWriter();
        return (new SecretMaskingWriter(inner, () => secrets), inner);
    }

    [Fact]
    public void A_secret_written_in_pieces_is_still_masked()
    {
        var (writer, inner) = Create("s3cr3t");

        writer.Write("token=s3");
        writer.Write("cr");
        writer.WriteLine("3t done");

        Assert.Equal("token=**** done" + Environment.NewLine, inner.ToString());
    }

    [Fact]
    public void Incomplete_lines_are_written_on_flush()
    {
        var (writer, inner) = Create("s3cr3t");

        writer.Write("no newline s3cr3t");
        Assert.Equal("", inner.ToString());
        writer.Flush();

        Assert.Equal("no newline ****", inner.ToString());
    }

    [Fact]
    public void The_longest_secret_is_masked_first()
    {
        var (writer, inner) = Create("abc", "abcdef");

        writer.WriteLine("abcdef abc");

        Assert.Equal("**** ****" + Environment.NewLine, inner.ToString());
    }

    [Fact]
    public void Each_line_of_a_multi_line_secret_is_masked()
    {
        var (writer, inner) = Create("-----BEGIN KEY-----\nMIIEpAIBAAKCAQEA");

        writer.WriteLine("key: -----BEGIN KEY-----");
        writer.WriteLine("MIIEpAIBAAKCAQEA");

        Assert.DoesNotContain("BEGIN KEY", inner.ToString());
        Assert.DoesNotContain("MIIEpAIBAAKCAQEA", inner.ToString());
    }
}
