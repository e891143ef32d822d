// The trajectory formats `--format` names (no importer is loaded to list them).

export const inputFormats = ["auto", "r2e", "messages", "swe-agent", "mini-swe-agent", "openhands"] as const;
export type InputFormat = (typeof inputFormats)[number];
export type ConcreteFormat = Exclude<InputFormat, "auto">;
