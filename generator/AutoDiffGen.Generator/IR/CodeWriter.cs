using System.Text;

namespace AutoDiffGen.Generator.IR;

/// <summary>Writes lines with four-space indentation and LF line ends.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public void Line(string text = "")
    {
        if (text.Length > 0) _text.Append(' ', _indent * 4).Append(text);
        _text.Append('\n');
    }

    public void Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
    }

    public void Close(string closing = "}")
    {
        _indent--;
        Line(closing);
    }

    /// <summary>Closes a block and opens the next one on the same level (<c>} else {</c> as two lines each).</summary>
    public void Reopen(string header)
    {
        Close();
        Open(header);
    }

    public override string ToString() => _text.ToString();
}
