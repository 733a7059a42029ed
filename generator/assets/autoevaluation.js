/*
 * Grilles d'autoévaluation : les réponses restent dans ce navigateur (localStorage), rien n'est envoyé.
 *
 * Une entrée par certification (« autoevaluation:RNCP21806 ») ; chaque réponse garde la version du
 * référentiel et l'intitulé de la capacité à laquelle elle répond. Une nouvelle version du site garde
 * les réponses des capacités inchangées, signale celles dont l'intitulé a changé et montre à part celles
 * des capacités retirées : rien n'est effacé sans qu'on le demande. Export et import en JSON.
 * Sans JavaScript, la page reste une grille vierge à imprimer. Ce qui est commun avec les formulaires des
 * parcours est dans saisie-locale.js, chargé avant.
 */
(function () {
  "use strict"

  var FORMAT = "autoevaluation-rncp"
  var VERSION = 1
  var COLONNES = ["candidat", "tuteur", "evaluateur"]
  var NOMS_COLONNES = { candidat: "Candidat", tuteur: "Tuteur", evaluateur: "Évaluateur" }
  var TEXTES = ["preuves", "commentaires"]
  var IDENTITE = ["candidat", "entreprise", "tuteur", "evaluateur", "periode"]
  var Saisie = window.SaisieLocale.Saisie
  var estObjet = window.SaisieLocale.estObjet
  var MAX_TEXTE = window.SaisieLocale.MAX_TEXTE
  var SVG = "http://www.w3.org/2000/svg"

  function cle(certification) {
    return "autoevaluation:" + certification
  }

  function vide(certification) {
    return { format: FORMAT, version: VERSION, certification: certification, reponses: {}, identite: {}, signatures: {} }
  }

  /* Vérifie un enregistrement ou un fichier importé ; renvoie un message d'erreur, ou null s'il est bon. */
  function verifier(donnees, certification, echelle) {
    if (!estObjet(donnees) || donnees.format !== FORMAT)
      return "Ce fichier n’est pas un export de grille d’autoévaluation de ce site."
    if (typeof donnees.version !== "number" || donnees.version > VERSION)
      return "Ce fichier vient d’une version plus récente du site : mettez la page à jour (rechargez-la), puis réessayez."
    if (donnees.certification !== certification)
      return "Ce fichier concerne la certification « " + String(donnees.certification).slice(0, 40) +
        " », pas " + certification + " : ouvrez la grille de cette certification pour l’importer."
    if (!estObjet(donnees.reponses)) return "Le fichier est abîmé : la liste des réponses manque."
    var ids = Object.keys(donnees.reponses)
    for (var i = 0; i < ids.length; i++) {
      var id = ids[i]
      var reponse = donnees.reponses[id]
      if (!/^[A-Za-z0-9_-]{1,20}$/.test(id)) return "Le fichier est abîmé : « " + id.slice(0, 20) + " » n’est pas un identifiant de capacité."
      if (!estObjet(reponse)) return "Le fichier est abîmé : la réponse de " + id + " n’est pas lisible."
      for (var c = 0; c < COLONNES.length; c++) {
        var niveau = reponse[COLONNES[c]]
        if (niveau !== undefined && niveau !== "" && echelle.indexOf(niveau) < 0)
          return "Le fichier est abîmé : pour " + id + " (" + NOMS_COLONNES[COLONNES[c]].toLowerCase() + "), « " +
            String(niveau).slice(0, 30) + " » n’est pas un niveau de l’échelle."
      }
      var champs = TEXTES.concat(["referentiel", "intitule", "modifie"])
      for (var t = 0; t < champs.length; t++) {
        var texte = reponse[champs[t]]
        if (texte !== undefined && (typeof texte !== "string" || texte.length > MAX_TEXTE))
          return "Le fichier est abîmé : le champ « " + champs[t] + " » de " + id + " n’est pas un texte."
      }
    }
    var groupes = ["identite", "signatures"]
    for (var g = 0; g < groupes.length; g++) {
      var groupe = donnees[groupes[g]]
      if (groupe === undefined) continue
      if (!estObjet(groupe)) return "Le fichier est abîmé : la partie « " + groupes[g] + " » n’est pas lisible."
      for (var k in groupe)
        if (typeof groupe[k] !== "string" || groupe[k].length > 500)
          return "Le fichier est abîmé : le champ « " + k.slice(0, 30) + " » (" + groupes[g] + ") n’est pas un texte court."
    }
    return null
  }

  /* Ne garde que les champs connus, pour que rien d'inattendu n'entre dans la page. */
  function nettoyer(donnees) {
    var propre = vide(donnees.certification)
    Object.keys(donnees.reponses).forEach(function (id) {
      var source = donnees.reponses[id]
      var reponse = {}
      COLONNES.concat(TEXTES, ["referentiel", "intitule", "modifie"]).forEach(function (champ) {
        if (typeof source[champ] === "string") reponse[champ] = source[champ]
      })
      propre.reponses[id] = reponse
    })
    ;["identite", "signatures"].forEach(function (groupe) {
      var source = donnees[groupe] || {}
      for (var k in source) if (typeof source[k] === "string") propre[groupe][k] = source[k]
    })
    return propre
  }

  function Grille(form) {
    Saisie.call(this, form)
    this.cle = cle(this.certification)
    this.version = form.dataset.version
    this.capacites = form.dataset.capacites.split(" ")
    this.echelle = form.dataset.echelle.split(" ")
    this.niveaux = form.dataset.niveaux.split("|")
    this.donnees = this.charger()
  }

  Grille.prototype = Object.create(Saisie.prototype)
  Grille.prototype.constructor = Grille
  Grille.prototype.nomExport = "autoevaluation"
  Grille.prototype.outils = ".grille-outils"
  Grille.prototype.textes = {
    refus: "Ce navigateur refuse l’enregistrement local : vos réponses ne seront pas gardées. Exportez-les avant de quitter.",
    illisible: "Des réponses enregistrées n’ont pas pu être relues ; elles ont été mises de côté dans ce navigateur.",
    plein: "Impossible d’enregistrer dans ce navigateur (espace plein ou navigation privée) : exportez vos réponses pour les garder.",
    exporte: "Vos réponses ont été exportées dans le fichier ",
    illisibleImport: "Ce fichier n’est pas un export de grille lisible (JSON invalide) : rien n’a été importé, vos réponses sont inchangées.",
    rienImporte: "Rien n’a été importé, vos réponses sont inchangées.",
    importAnnule: "Import annulé : vos réponses sont inchangées.",
    efface: "Vos réponses ont été effacées de ce navigateur.",
  }

  Grille.prototype.vide = function () {
    return vide(this.certification)
  }

  Grille.prototype.verifier = function (donnees) {
    return verifier(donnees, this.certification, this.echelle)
  }

  Grille.prototype.nettoyer = nettoyer

  Grille.prototype.lignes = function () {
    return Array.prototype.slice.call(this.form.querySelectorAll("tr[data-capacite]"))
  }

  Grille.prototype.remplir = function () {
    var self = this
    this.lignes().forEach(function (ligne) {
      var id = ligne.dataset.capacite
      var reponse = self.donnees.reponses[id] || {}
      COLONNES.forEach(function (colonne) {
        self.form.querySelectorAll('input[name="' + id + "-" + colonne + '"]').forEach(function (radio) {
          radio.checked = radio.value === reponse[colonne]
        })
      })
      TEXTES.forEach(function (champ) {
        var zone = self.form.querySelector('textarea[name="' + id + "-" + champ + '"]')
        if (zone) zone.value = reponse[champ] || ""
      })
      self.signalerIntitule(ligne, reponse)
    })
    IDENTITE.forEach(function (champ) {
      var entree = self.form.querySelector('input[name="identite-' + champ + '"]')
      if (entree) entree.value = self.donnees.identite[champ] || ""
    })
    COLONNES.forEach(function (colonne) {
      var entree = self.form.querySelector('input[name="signature-' + colonne + '-date"]')
      if (entree) entree.value = self.donnees.signatures[colonne] || ""
    })
    this.montrerRetirees()
    this.synthese()
  }

  Grille.prototype.signalerIntitule = function (ligne, reponse) {
    var alerte = ligne.querySelector(".grille-alerte")
    var change = reponse.intitule && reponse.intitule !== ligne.dataset.intitule
    if (!change) {
      if (alerte) alerte.remove()
      return
    }
    if (!alerte) {
      alerte = document.createElement("span")
      alerte.className = "grille-alerte"
      ligne.querySelector(".grille-capacite").appendChild(alerte)
    }
    alerte.textContent = "Réponse donnée pour un intitulé antérieur" +
      (reponse.referentiel ? " (version " + reponse.referentiel + ")" : "") + " : « " + reponse.intitule +
      " ». Vérifiez-la : elle sera rattachée à l’intitulé actuel dès que vous la modifierez."
  }

  Grille.prototype.lireLigne = function (ligne) {
    var id = ligne.dataset.capacite
    var self = this
    var reponse = { referentiel: this.version, intitule: ligne.dataset.intitule, modifie: new Date().toISOString() }
    COLONNES.forEach(function (colonne) {
      var coche = self.form.querySelector('input[name="' + id + "-" + colonne + '"]:checked')
      reponse[colonne] = coche ? coche.value : ""
    })
    TEXTES.forEach(function (champ) {
      var zone = self.form.querySelector('textarea[name="' + id + "-" + champ + '"]')
      reponse[champ] = zone ? zone.value : ""
    })
    var ancienne = this.donnees.reponses[id] || {}
    var pareille = ["intitule"].concat(COLONNES, TEXTES).every(function (champ) {
      return (ancienne[champ] || "") === reponse[champ]
    })
    if (pareille) return false
    this.donnees.reponses[id] = reponse
    this.signalerIntitule(ligne, reponse)
    return true
  }

  Grille.prototype.saisie = function (cible) {
    var ligne = cible.closest("tr[data-capacite]")
    if (ligne) {
      if (!this.lireLigne(ligne)) return
    } else if (/^identite-/.test(cible.name)) {
      this.donnees.identite[cible.name.slice(9)] = cible.value
    } else if (/^signature-.+-date$/.test(cible.name)) {
      this.donnees.signatures[cible.name.slice(10, -5)] = cible.value
    } else {
      return
    }
    this.enregistrer()
    this.synthese()
  }

  Grille.prototype.montrerRetirees = function () {
    var zone = this.page.querySelector(".grille-retirees")
    if (!zone) return
    var self = this
    var ids = Object.keys(this.donnees.reponses).filter(function (id) { return self.capacites.indexOf(id) < 0 }).sort()
    zone.hidden = ids.length === 0
    var liste = zone.querySelector("ul")
    liste.textContent = ""
    ids.forEach(function (id) {
      var reponse = self.donnees.reponses[id]
      var item = document.createElement("li")
      var parties = [id + (reponse.intitule ? " « " + reponse.intitule + " »" : "")]
      COLONNES.forEach(function (colonne) {
        if (reponse[colonne]) parties.push(NOMS_COLONNES[colonne].toLowerCase() + " : " + self.nomNiveau(reponse[colonne]))
      })
      TEXTES.forEach(function (champ) {
        if (reponse[champ]) parties.push(champ + " : " + reponse[champ])
      })
      item.textContent = parties.join(" ; ")
      liste.appendChild(item)
    })
  }

  Grille.prototype.nomNiveau = function (id) {
    var rang = this.echelle.indexOf(id)
    return rang < 0 ? id : this.niveaux[rang]
  }

  /* Synthèse par bloc : un graphique lisible sans couleur (motifs et libellés) et son équivalent en texte. */
  Grille.prototype.synthese = function () {
    var zone = this.page.querySelector(".grille-synthese")
    if (!zone) return
    var self = this
    var blocs = {}
    this.lignes().forEach(function (ligne) {
      var bloc = ligne.dataset.bloc
      ;(blocs[bloc] = blocs[bloc] || []).push(ligne.dataset.capacite)
    })
    var contenu = zone.querySelector(".grille-synthese-contenu")
    contenu.textContent = ""
    Object.keys(blocs).sort().forEach(function (bloc) {
      var titre = document.createElement("h3")
      titre.textContent = bloc ? "Bloc " + bloc : "Capacités"
      contenu.appendChild(titre)
      contenu.appendChild(self.graphique(bloc, blocs[bloc]))
      contenu.appendChild(self.tableau(bloc, blocs[bloc]))
    })
  }

  Grille.prototype.graphique = function (bloc, ids) {
    var self = this
    var n = this.echelle.length
    // Une unité du dessin vaut un pixel jusqu’à 640 : sur un téléphone, le texte garde sa taille au lieu de rétrécir.
    var dispo = (this.page.querySelector(".grille") || document.body).clientWidth || 640
    var largeur = Math.max(320, Math.min(640, dispo)), etroit = largeur < 560
    var gauche = 44, hauteurBarre = 14, pas = 3 * hauteurBarre + 18, haut = etroit ? 44 : 30
    var hauteur = haut + 10 + ids.length * pas
    var svg = document.createElementNS(SVG, "svg")
    svg.setAttribute("viewBox", "0 0 " + largeur + " " + hauteur)
    svg.setAttribute("role", "img")
    svg.setAttribute("aria-labelledby", "synthese-titre-" + bloc)
    var titre = document.createElementNS(SVG, "title")
    titre.id = "synthese-titre-" + bloc
    titre.textContent = "Niveaux du bloc " + bloc + " par capacité ; le tableau qui suit donne les mêmes informations."
    svg.appendChild(titre)
    var defs = document.createElementNS(SVG, "defs")
    var motifs = [
      { id: "plein", dessin: null },
      { id: "hachures", dessin: "M0,8 L8,0" },
      { id: "points", dessin: "M2,2 h1 v1 h-1 Z M6,6 h1 v1 h-1 Z" },
    ]
    motifs.forEach(function (motif, i) {
      if (!motif.dessin) return
      var pattern = document.createElementNS(SVG, "pattern")
      pattern.setAttribute("id", "motif-" + motif.id + "-" + bloc)
      pattern.setAttribute("width", "8")
      pattern.setAttribute("height", "8")
      pattern.setAttribute("patternUnits", "userSpaceOnUse")
      var fond = document.createElementNS(SVG, "rect")
      fond.setAttribute("width", "8")
      fond.setAttribute("height", "8")
      fond.setAttribute("fill", "#fff")
      var trait = document.createElementNS(SVG, "path")
      trait.setAttribute("d", motif.dessin)
      trait.setAttribute("stroke", "#000")
      trait.setAttribute("stroke-width", i === 1 ? "2" : "1.5")
      pattern.appendChild(fond)
      pattern.appendChild(trait)
      defs.appendChild(pattern)
    })
    svg.appendChild(defs)
    function texte(x, y, contenu, ancre) {
      var t = document.createElementNS(SVG, "text")
      t.setAttribute("x", x)
      t.setAttribute("y", y)
      t.setAttribute("font-size", "11")
      t.setAttribute("fill", "#000")
      if (ancre) t.setAttribute("text-anchor", ancre)
      t.textContent = contenu
      svg.appendChild(t)
    }
    var echelle = (largeur - gauche - 160) / n
    var legende = "Longueur de la barre = niveau (1 à " + n + ")", motifsLegende = "plein : candidat, hachures : tuteur, points : évaluateur"
    if (etroit) {
      texte(4, 14, legende + " ;")
      texte(4, 28, motifsLegende)
    } else {
      texte(gauche, 14, legende + " ; " + motifsLegende)
    }
    ids.forEach(function (id, i) {
      var y0 = haut + i * pas
      texte(4, y0 + hauteurBarre * 1.8, id)
      var reponse = self.donnees.reponses[id] || {}
      COLONNES.forEach(function (colonne, c) {
        var y = y0 + c * hauteurBarre
        var rang = self.echelle.indexOf(reponse[colonne])
        var etiquette = NOMS_COLONNES[colonne] + " : " + (rang < 0 ? "non renseigné" : (rang + 1) + " · " + self.niveaux[rang])
        if (rang >= 0) {
          var barre = document.createElementNS(SVG, "rect")
          barre.setAttribute("x", gauche)
          barre.setAttribute("y", y + 1)
          barre.setAttribute("width", (rang + 1) * echelle)
          barre.setAttribute("height", hauteurBarre - 3)
          barre.setAttribute("stroke", "#000")
          barre.setAttribute("fill", c === 0 ? "#1b3a6b" : "url(#motif-" + motifs[c].id + "-" + bloc + ")")
          svg.appendChild(barre)
        }
        texte(gauche + (rang + 1) * echelle + 6, y + hauteurBarre - 3, etiquette)
      })
    })
    return svg
  }

  Grille.prototype.tableau = function (bloc, ids) {
    var self = this
    var table = document.createElement("table")
    table.className = "grille-synthese-table"
    var legende = document.createElement("caption")
    legende.textContent = (bloc ? "Bloc " + bloc : "Capacités") + " : niveau donné pour chaque capacité"
    table.appendChild(legende)
    var entete = table.createTHead().insertRow()
    ;["Capacité"].concat(COLONNES.map(function (c) { return NOMS_COLONNES[c] })).forEach(function (nom) {
      var th = document.createElement("th")
      th.scope = "col"
      th.textContent = nom
      entete.appendChild(th)
    })
    var corps = table.createTBody()
    ids.forEach(function (id) {
      var ligne = corps.insertRow()
      var th = document.createElement("th")
      th.scope = "row"
      th.textContent = id
      ligne.appendChild(th)
      var reponse = self.donnees.reponses[id] || {}
      COLONNES.forEach(function (colonne) {
        var rang = self.echelle.indexOf(reponse[colonne])
        ligne.insertCell().textContent = rang < 0 ? "non renseigné" : (rang + 1) + " · " + self.niveaux[rang]
      })
    })
    return table
  }

  Grille.prototype.tropGros = function (fichier) {
    return "Ce fichier est trop gros pour être un export de grille (" + Math.round(fichier.size / 1000) + " ko) : rien n’a été importé."
  }

  Grille.prototype.questionRemplacer = function () {
    var actuelles = Object.keys(this.donnees.reponses).length
    return actuelles ? "Remplacer vos " + actuelles + " réponses actuelles par celles du fichier ?" : ""
  }

  Grille.prototype.importReussi = function () {
    var n = Object.keys(this.donnees.reponses).length
    return "Import réussi : " + n + " capacité" + (n > 1 ? "s" : "") + " renseignée" + (n > 1 ? "s" : "") + "."
  }

  Grille.prototype.questionEffacer = function () {
    return "Effacer toutes vos réponses pour " + this.certification +
      " (toutes les grilles de cette certification) ? Pensez à les exporter avant : c’est définitif."
  }

  Grille.prototype.oublierRetirees = function () {
    var self = this
    if (!window.confirm("Supprimer les réponses des capacités retirées du référentiel ? C’est définitif.")) return
    Object.keys(this.donnees.reponses).forEach(function (id) {
      if (self.capacites.indexOf(id) < 0) delete self.donnees.reponses[id]
    })
    this.enregistrer()
    this.montrerRetirees()
    this.dire("Les réponses des capacités retirées ont été supprimées.")
  }

  Grille.prototype.brancher = function () {
    Saisie.prototype.brancher.call(this)
    var self = this
    var retirees = this.page.querySelector(".grille-retirees button")
    if (retirees) retirees.addEventListener("click", function () { self.oublierRetirees() })
    var synthese = this.page.querySelector(".grille-synthese")
    if (synthese) synthese.hidden = false
  }

  window.SaisieLocale.demarrer("form.grille[data-certification]", ".grille textarea", Grille)
})()
