import { searchModels } from './searchModels';

/** The node's editor-side methods: the Model field's search. */
export const listSearch = { searchModels };
