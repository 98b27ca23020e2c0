/**
 * A folder picked in the page (`<input type="file" webkitdirectory>`), as the training worker opens
 * it: each file with its path inside the folder. Files cross to the worker as they are (read there on
 * demand); only the paths are worked out here, where `webkitRelativePath` is known.
 * @module
 */

/** The picked files by path without the picked folder's own name, and that name (the label of errors). */
export function pickedFolder(files: ArrayLike<File>): { files: Array<{ path: string; file: File }>; label: string } {
  const picked: Array<{ path: string; file: File }> = [];
  let label = 'the chosen folder';
  for (const file of Array.from(files)) {
    const path = file.webkitRelativePath || file.name;
    const [top, ...rest] = path.split('/');
    if (rest.length) label = top!;
    picked.push({ path: rest.length ? rest.join('/') : path, file });
  }
  return { files: picked, label };
}
