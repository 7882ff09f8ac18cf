// English messages of the input limits: files that are not regular or too large, YAML nesting and aliases,
// the problem cap of `ducha lint`, and the bounds on rendering a template.
import type { limits as zh } from '../zh/limits.js';

export const limits: Record<keyof typeof zh, string> = {
  'input.cannotOpen': 'cannot read {file} ({reason})',
  'input.cannotOpen.hint': 'check that the path is right and the file readable (quote a path with spaces)',
  'input.cannotOpen.missing': 'there is no such file: check the path (quote a path with spaces)',
  'input.notRegular': '{file} is not a regular file (it is a {kind}) and is not read',
  'input.kind.directory': 'folder',
  'input.kind.fifo': 'named pipe',
  'input.kind.device': 'device',
  'input.kind.socket': 'socket',
  'input.kind.other': 'special file',
  'input.tooLarge': '{file} is larger than the limit of {max} and is not read',
  'lint.yamlLimits.depth':
    'the YAML nests deeper than {max} levels and is not processed (a checklist needs fewer than 10)',
  'lint.yamlLimits.aliases':
    'the YAML aliases (*name) would add more than {max} nodes once expanded and are not processed: write the content out, with fewer & and *',
  'lint.yamlLimits.cycle': 'a YAML alias refers to a node that contains it (a cycle) and cannot be expanded',
  'lint.yamlLimits.exhausted': 'the file is beyond what the parser can take and is not processed ({detail})',
  'lint.omitted': '{file}: {n} more problems not listed (at most {max} per file; --max-problems 0 lists all)',
  'lint.badMaxProblems': '--max-problems takes a whole number of 0 or more (0: no limit), got "{value}"',
  'cli.lint.maxProblems': 'list at most N problems per file and only count the rest (default 1000; 0: no limit)',
  'template.blockParams': 'block parameters "as |…|" are not supported: use the field names or this',
  'template.blockHash': 'the "{name}" block takes no "name=value" arguments',
  'template.nesting': 'blocks nest deeper than {max} levels',
  'template.outputTooLarge':
    'the report passed {max} characters and was stopped: look for nested loops in the template',
  'template.tooMuchWork':
    'the template took more than {max} steps and was stopped: look for nested loops in the template',
};
