/** Role names are fixed because migrations grant to them by name; passwords are configured. */
export const OWNER_ROLE = 'leadgraph_owner';
export const APP_ROLE = 'leadgraph_app';
