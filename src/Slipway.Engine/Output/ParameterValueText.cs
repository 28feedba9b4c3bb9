using System.Collections;
using Slipway.Engine.Parameters;

namespace Slipway.Engine.Output;

/// <summary>Shows a parameter's current value for humans; secrets never show.</summary>
internal static class ParameterValueText
{
    public const string NotSet = "<not set>";
    public const string Secret = "<secret>";

    public static string Render(ParameterDescriptor parameter)
    {
        var value = parameter.GetValue();
        var isSet = value switch
        {
            null => false,
            string text => text.Length > 0,
            IEnumerable items => items.Cast<object?>().Any(),
            _ => true,
        };
        if (!isSet)
            return NotSet;
        if (parameter.IsSecret)
            return Secret;
        return value switch
        {
            bool b => b ? "true" : "false",
            string text => text,
            IEnumerable items => string.Join(", ", items.Cast<object?>()),
            _ => value!.ToString() ?? "",
        };
    }
}
