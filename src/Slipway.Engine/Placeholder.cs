namespace Slipway.Engine; internal static class Placeholder {}
