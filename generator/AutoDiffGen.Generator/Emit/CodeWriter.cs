using System.Collections.Generic;
using System.Text;

namespace AutoDiffGen.Generator.Emit;

/// <summary>Writes <see cref="Code"/> with four-space indentation and LF line ends.</summary>
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

    public void Write(IEnumerable<Code> code)
    {
        foreach (Code c in code) Write(c);
    }

    public void Write(Code code)
    {
        switch (code)
        {
            case CodeLine line:
                Line(line.Text);
                break;
            case CodeBlock block:
                Open(block.Header);
                Write(block.Body);
                Close(block.Footer is null ? "}" : "} " + block.Footer);
                break;
            case CodeIf branch:
                Open("if (" + branch.Condition + ")");
                Write(branch.Then);
                if (branch.Else.Count == 0)
                {
                    Close();
                    break;
                }
                if (branch.Else.Count == 1 && branch.Else[0] is CodeIf elseIf)
                {
                    _indent--;
                    Line("}");
                    _text.Append(' ', _indent * 4).Append("else ");
                    int start = _text.Length;
                    Write(elseIf);
                    // "else if" on one line: drop the indentation the nested write put before "if".
                    string nested = _text.ToString(start, _text.Length - start).TrimStart();
                    _text.Length = start;
                    _text.Append(nested);
                    break;
                }
                _indent--;
                Line("}");
                Open("else");
                Write(branch.Else);
                Close();
                break;
        }
    }

    public override string ToString() => _text.ToString();
}
